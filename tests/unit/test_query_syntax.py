"""Analysts get a clear error saying where their query is wrong, and implicit operators mean AND."""

from __future__ import annotations

import pytest
from luqum.tree import AndOperation, OrOperation

from mediamon.query import QuerySyntaxError, parse_query, to_elasticsearch


@pytest.mark.parametrize("query, position, words", [
    ("ОДКБ AND AND СВО", 9, "unexpected 'AND'"),
    ("ОДКБ AND", 8, "ends too early"),
    ("(ОДКБ OR СВО", 12, "ends too early"),
    ("ОДКБ ]", 5, "unexpected ']'"),
    ('"военная операция', 0, "not allowed"),
    ("   ", 0, "empty"),
])
def test_syntax_errors_say_where(query: str, position: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert caught.value.position == position
    assert words in str(caught.value)
    caret_line = str(caught.value).splitlines()[-1]
    assert caret_line.index("^") - 2 == position, "the caret points at the problem"


def test_unknown_field_names_the_field_its_position_and_the_known_ones() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        to_elasticsearch("ОДКБ AND sorce:TASS", frozenset({"ru"}))
    assert caught.value.position == 9
    assert "'sorce'" in str(caught.value) and "source" in str(caught.value)


def test_words_side_by_side_mean_and_and_or_binds_looser() -> None:
    tree = parse_query("military operation OR war")
    assert isinstance(tree, AndOperation)
    assert isinstance(tree.children[1], OrOperation)
