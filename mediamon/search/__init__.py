"""Search articles: query language + filters + facets, on the embedded engine or Elasticsearch."""

from mediamon.search.backend import SearchBackend, open_search
from mediamon.search.params import SearchParamError, SearchParams
from mediamon.search.response import FacetsResult, SearchResult
from mediamon.search.service import SearchService

__all__ = ["FacetsResult", "SearchBackend", "SearchParamError", "SearchParams", "SearchResult", "SearchService",
           "open_search"]
