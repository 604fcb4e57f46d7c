"""The query language becomes Elasticsearch queries over the right fields."""

from __future__ import annotations

from typing import Any

import pytest

from mediamon.query import to_elasticsearch

LANGS = frozenset({"ru", "en"})


def _find(query: Any, kind: str) -> list[dict[str, Any]]:
    """Every sub-query of type `kind`, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(query, dict):
        for key, value in query.items():
            if key == kind:
                found.append(value)
            found += _find(value, kind)
    elif isinstance(query, list):
        for item in query:
            found += _find(item, kind)
    return found


def test_a_word_is_searched_in_neutral_and_per_language_fields_of_title_and_text() -> None:
    (match,) = _find(to_elasticsearch("ОДКБ", LANGS), "multi_match")
    names = {field.split("^")[0] for field in match["fields"]}
    assert names == {"title", "text", "title_i18n.ru", "title_i18n.en", "text_i18n.ru", "text_i18n.en"}
    assert match["query"] == "ОДКБ"


def test_a_quoted_phrase_stays_a_phrase_and_proximity_becomes_slop() -> None:
    (phrase,) = _find(to_elasticsearch('"военной операции"', LANGS), "multi_match")
    assert phrase["type"] == "phrase" and phrase["query"] == "военной операции" and phrase["slop"] == 0
    (near,) = _find(to_elasticsearch('"ОДКБ саммит"~3', LANGS), "multi_match")
    assert near["type"] == "phrase" and near["slop"] == 3


@pytest.mark.parametrize("query, field, value", [
    ("entity:CSTO", "entities", "CSTO"),
    ("lang:ru", "lang", "ru"),
    ("language:ru", "lang", "ru"),
    ('source:"Вестник Евразии"', "source", "Вестник Евразии"),
    ("topic:16000000", "topics", "16000000"),
    ("framing:kremlin", "framings", "kremlin"),
    ("country:KZ", "country", "KZ"),
])
def test_field_aliases_become_case_insensitive_term_queries(query: str, field: str, value: str) -> None:
    (term,) = _find(to_elasticsearch(query, LANGS), "term")
    assert term == {field: {"value": value, "case_insensitive": True}}


def test_title_restricts_the_text_fields_to_the_title() -> None:
    (match,) = _find(to_elasticsearch("title:саммит", LANGS), "multi_match")
    assert {field.split("^")[0] for field in match["fields"]} == {"title", "title_i18n.ru", "title_i18n.en"}


def test_boolean_structure_is_kept() -> None:
    query = to_elasticsearch('(ОДКБ OR "военная операция") AND NOT lang:en', LANGS)
    assert len(query["bool"]["must"]) == 2
    either, negated = query["bool"]["must"]
    assert len(either["bool"]["should"]) == 2 and either["bool"]["minimum_should_match"] == 1
    assert _find(negated["bool"]["must_not"], "term") == [{"lang": {"value": "en", "case_insensitive": True}}]


def test_ored_plain_words_become_one_clause_that_matches_any_of_them() -> None:
    query = to_elasticsearch("ОДКБ OR CSTO OR ҰҚШҰ", LANGS)
    assert query["multi_match"]["query"] == "ОДКБ CSTO ҰҚШҰ" and query["multi_match"]["operator"] == "or"


def test_words_of_several_tokens_and_wildcards_keep_their_own_clause() -> None:
    """集安组织 is four tokens that must all occur: merged into an OR it would match any of them."""
    query = to_elasticsearch("集安组织 OR CSTO OR ОДК*", LANGS)
    assert len(query["bool"]["should"]) == 3
    assert not any(m.get("operator") == "or" for m in _find(query, "multi_match"))


def test_wildcards_use_the_neutral_fields_lowercased() -> None:
    wildcards = _find(to_elasticsearch("Опер*", LANGS), "wildcard")
    assert {next(iter(w)) for w in wildcards} == {"title", "text"}
    assert all(next(iter(w.values()))["value"] == "опер*" for w in wildcards)


@pytest.mark.parametrize("query, bounds", [
    ("published:[2024-01-01 TO 2024-02-01]", {"gte": "2024-01-01", "lte": "2024-02-01"}),
    ("published:{2024-01-01 TO *]", {"gt": "2024-01-01"}),
    ("date:>=2024-02-01", {"gte": "2024-02-01"}),
    ("published:2024-11-25", {"gte": "2024-11-25||/d", "lte": "2024-11-25||/d"}),
])
def test_dates_become_ranges(query: str, bounds: dict[str, str]) -> None:
    assert _find(to_elasticsearch(query, LANGS), "range") == [{"published": bounds}]


def test_star_matches_everything() -> None:
    assert to_elasticsearch("*", LANGS) == {"match_all": {}}
