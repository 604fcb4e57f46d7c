"""Parse a Lucene-syntax query (AND/OR/NOT, phrases, parentheses, field:value, wildcards) with luqum."""

from __future__ import annotations

from luqum.exceptions import ParseError
from luqum.parser import parser
from luqum.tree import Item

from mediamon.errors import MediamonError


class QuerySyntaxError(MediamonError):
    """The query cannot be parsed; the message says where."""


def parse_query(query: str) -> Item:
    """The luqum syntax tree of `query`; raises QuerySyntaxError with luqum's position hint."""
    if not query.strip():
        raise QuerySyntaxError("empty query")
    try:
        return parser.parse(query)
    except ParseError as exc:
        raise QuerySyntaxError(f"syntax error in query {query!r}: {exc}") from exc
