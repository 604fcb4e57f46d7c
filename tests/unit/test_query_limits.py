"""Query length and nesting limits: a clear QuerySyntaxError in both compilers, never RecursionError."""

from __future__ import annotations

import pytest

from mediamon.query import QuerySyntaxError, to_elasticsearch
from mediamon.query.parse import MAX_QUERY_CHARS, MAX_QUERY_DEPTH
from processors.subscriptions.querymatch import compile_query

COMPILERS = {"elasticsearch": lambda q: to_elasticsearch(q, {"en"}), "alerts": compile_query}
HOSTILE = {
    "400 parentheses": "(" * 400 + "ОДКБ" + ")" * 400,
    "NOT chain": "NOT " * 300 + "CSTO",
    "minus chain": "-" * 900 + "war",
    "field chain": "title:" * 300 + "x",
    "too long": "CSTO OR " * 300 + "SMO",
}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_queries_are_refused_with_the_limit(compiler: str, name: str) -> None:
    with pytest.raises(QuerySyntaxError) as refused:
        COMPILERS[compiler](HOSTILE[name])
    limit = str(MAX_QUERY_CHARS) if name == "too long" else f"deeper than {MAX_QUERY_DEPTH}"
    assert limit in str(refused.value)


@pytest.mark.parametrize("compiler", COMPILERS)
def test_queries_within_the_limits_still_compile(compiler: str) -> None:
    nested = "(" * 20 + "ОДКБ OR CSTO" + ")" * 20
    long = " OR ".join(f"word{i}" for i in range(180))
    assert len(long) < MAX_QUERY_CHARS
    for query in (nested, long, "NOT (a AND -b)"):
        COMPILERS[compiler](query)


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("query", ["0^.", "ОДКБ^. AND war"])
def test_a_boost_without_a_number_is_a_syntax_error_at_the_caret(compiler: str, query: str) -> None:
    """luqum raised decimal.InvalidOperation here, which the API answered with a 500."""
    with pytest.raises(QuerySyntaxError) as refused:
        COMPILERS[compiler](query)
    assert refused.value.position == query.index("^") and "boost" in refused.value.reason
