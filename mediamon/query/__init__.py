"""The analysts' boolean query language (Kibana/Lucene syntax), parsed once for search and alerts."""

from mediamon.query.elastic import to_elasticsearch
from mediamon.query.parse import QuerySyntaxError, parse_query

__all__ = ["QuerySyntaxError", "parse_query", "to_elasticsearch"]
