"""Parse a Lucene-syntax query (AND/OR/NOT, phrases, parentheses, field:value, wildcards) with luqum.

Two words side by side mean AND (the monitoring habit: `military operation` wants both words),
unlike Lucene's default OR; write OR explicitly.

Both compilers (Elasticsearch and the alerts matcher) and luqum's own visitors recurse over the
tree, so a query is refused before any of them runs when it is longer than MAX_QUERY_CHARS or
nests (parentheses, NOT/-/+ chains, field:field:…) deeper than MAX_QUERY_DEPTH. luqum's parser
itself is a table-driven LALR parser and does not recurse.
"""

from __future__ import annotations

import decimal

import re

from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.parser import parser
from luqum.tree import AndOperation, Item
from luqum.utils import UnknownOperationResolver

from mediamon.errors import MediamonError

_POSITION = re.compile(r"at position (\d+)")
_UNEXPECTED = re.compile(r"unexpected\s+'(.*)' at position")
_resolve_implicit_and = UnknownOperationResolver(resolve_to=AndOperation)
MAX_QUERY_CHARS = 2000
MAX_QUERY_DEPTH = 32


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


def tree_depth(tree: Item) -> int:
    """Levels in `tree`, counted without recursion (the point is to bound recursion later)."""
    deepest, pending = 0, [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in node.children)
    return deepest


def parse_query(query: str) -> Item:
    """The luqum syntax tree of `query` with implicit operators resolved to AND."""
    if not query.strip():
        raise QuerySyntaxError("the query is empty", query, 0)
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query has {len(query)} characters, the limit is {MAX_QUERY_CHARS}")
    try:
        tree = parser.parse(query)
    except ParseError as exc:
        raise _explain(query, exc) from exc
    except decimal.InvalidOperation as exc:  # luqum reads a boost such as "word^." as a Decimal
        caret = query.find("^")
        raise QuerySyntaxError("a boost (^) must be followed by a number, e.g. word^2", query,
                               caret if caret >= 0 else None) from exc
    if tree_depth(tree) > MAX_QUERY_DEPTH:
        raise QuerySyntaxError(f"the query nests deeper than {MAX_QUERY_DEPTH} levels (parentheses, NOT, "
                               "field:value); flatten it")
    return _resolve_implicit_and(tree)
