"""Parse a Lucene-syntax query (AND/OR/NOT, phrases, parentheses, field:value, wildcards) with luqum.

Two words side by side mean AND (the monitoring habit: `military operation` wants both words),
unlike Lucene's default OR; write OR explicitly.
"""

from __future__ import annotations

import re

from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.parser import parser
from luqum.tree import AndOperation, Item
from luqum.utils import UnknownOperationResolver

from mediamon.errors import MediamonError

_POSITION = re.compile(r"at position (\d+)")
_UNEXPECTED = re.compile(r"unexpected\s+'(.*)' at position")
_resolve_implicit_and = UnknownOperationResolver(resolve_to=AndOperation)


class QuerySyntaxError(MediamonError):
    """The query cannot be used; `position` is the 0-based character offset of the problem."""

    def __init__(self, reason: str, query: str = "", position: int | None = None) -> None:
        self.reason = reason
        self.query = query
        self.position = position
        super().__init__(self._render())

    def _render(self) -> str:
        if self.position is None:
            return f"invalid query: {self.reason}"
        where = "at the end" if self.position >= len(self.query) else f"at position {self.position}"
        return f"invalid query {where}: {self.reason}\n  {self.query}\n  {' ' * self.position}^"


def _explain(query: str, exc: ParseError) -> QuerySyntaxError:
    message = str(exc)
    found = _POSITION.search(message)
    if found:
        position = int(found.group(1))
        unexpected = _UNEXPECTED.search(message)
        if isinstance(exc, IllegalCharacterError):
            reason = f"character {query[position]!r} is not allowed here"
        elif unexpected:
            reason = f"unexpected {unexpected.group(1)!r}"
        else:
            reason = message
        return QuerySyntaxError(reason, query, position)
    return QuerySyntaxError("the query ends too early (an operator without a right side, "
                            "an unclosed parenthesis or quote, or a field without a value)", query, len(query))


def parse_query(query: str) -> Item:
    """The luqum syntax tree of `query` with implicit operators resolved to AND."""
    if not query.strip():
        raise QuerySyntaxError("the query is empty", query, 0)
    try:
        tree = parser.parse(query)
    except ParseError as exc:
        raise _explain(query, exc) from exc
    return _resolve_implicit_and(tree)
