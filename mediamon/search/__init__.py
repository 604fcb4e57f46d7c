"""Search articles: query language + filters + facets over the `articles` alias."""

from mediamon.search.params import SearchParamError, SearchParams
from mediamon.search.response import FacetsResult, SearchResult
from mediamon.search.service import SearchService

__all__ = ["FacetsResult", "SearchParamError", "SearchParams", "SearchResult", "SearchService"]
