"""What a search asks Elasticsearch: filters, date ranges, order, pages, snippets."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mediamon.search import SearchParamError, SearchParams
from mediamon.search.params import parse_when
from mediamon.search.request import build_search, decode_cursor, encode_cursor, search_indices
from mediamon.search.response import best_snippets

NOW = datetime(2024, 11, 25, 12, 0, tzinfo=timezone.utc)
LANGS = frozenset({"ru", "en", "de"})


@pytest.mark.parametrize("value, expected", [
    ("24h", datetime(2024, 11, 24, 12, 0, tzinfo=timezone.utc)),
    ("7d", datetime(2024, 11, 18, 12, 0, tzinfo=timezone.utc)),
    ("30m", datetime(2024, 11, 25, 11, 30, tzinfo=timezone.utc)),
    ("2024-11-01", datetime(2024, 11, 1, tzinfo=timezone.utc)),
    ("2024-11-01T09:00:00+03:00", datetime(2024, 11, 1, 6, tzinfo=timezone.utc)),
])
def test_since_and_until_accept_durations_and_iso_dates(value: str, expected: datetime) -> None:
    assert parse_when(value, NOW) == expected


def test_an_unreadable_date_is_a_clear_error() -> None:
    with pytest.raises(SearchParamError, match="yesterday"):
        parse_when("yesterday", NOW)


def test_filters_are_or_within_and_across_and_the_date_range_is_inclusive() -> None:
    body = build_search(SearchParams(q="ОДКБ", entity=["CSTO", "SMO"], lang=["ru"], since="24h", until="2024-11-25"),
                        LANGS, NOW)
    filters = body["query"]["bool"]["filter"]
    entities = next(f for f in filters if "bool" in f and "entities" in f["bool"]["should"][0]["term"])
    assert len(entities["bool"]["should"]) == 2
    (date_range,) = [f["range"]["published"] for f in filters if "range" in f]
    assert date_range == {"gte": "2024-11-24T12:00:00+00:00", "lte": "2024-11-25T00:00:00+00:00"}


def test_a_language_filter_narrows_the_analysed_fields_and_snippets() -> None:
    body = build_search(SearchParams(q="ОДКБ", lang=["ru"]), LANGS, NOW)
    fields = body["query"]["bool"]["must"][0]["multi_match"]["fields"]
    assert not any("_i18n.en" in f or "_i18n.de" in f for f in fields) and any("_i18n.ru" in f for f in fields)
    assert set(body["highlight"]["fields"]) == {"title", "text", "title_i18n.ru", "text_i18n.ru"}


def test_sorts_end_with_a_unique_tie_breaker_for_search_after() -> None:
    for sort in ("date", "relevance"):
        body = build_search(SearchParams(sort=sort), LANGS, NOW)
        assert body["sort"][-1] == {"id": {"order": "asc"}}


def test_a_cursor_round_trips_and_is_refused_for_another_sort() -> None:
    cursor = encode_cursor("date", [1732500000000, "abc"])
    assert build_search(SearchParams(after=cursor), LANGS, NOW)["search_after"] == [1732500000000, "abc"]
    with pytest.raises(SearchParamError, match="sorted by date"):
        decode_cursor(cursor, "relevance")
    with pytest.raises(SearchParamError, match="invalid cursor"):
        decode_cursor("not-a-cursor", "date")


def test_snippets_prefer_the_language_field_that_also_marked_inflected_forms() -> None:
    highlight = {"text": ["<em>ОДКБ</em> и Организации Договора"],
                 "text_i18n.ru": ["<em>ОДКБ</em> и <em>Организации</em> <em>Договора</em>"],
                 "title": ["Саммит <em>ОДКБ</em>"]}
    assert best_snippets(highlight) == {"text": highlight["text_i18n.ru"], "title": highlight["title"]}


def test_only_the_months_of_the_time_range_are_searched() -> None:
    index, options = search_indices(SearchParams(since="2024-09-20", until="2024-11-02"), "articles", NOW)
    assert index == "articles-2024.09,articles-2024.10,articles-2024.11"
    assert options == {"ignore_unavailable": True, "allow_no_indices": True}
    assert search_indices(SearchParams(since="7d"), "t1-articles", NOW)[0] == "t1-articles-2024.11"
    assert search_indices(SearchParams(), "articles", NOW) == ("articles", {})
    assert search_indices(SearchParams(since="1995-01-01"), "articles", NOW) == ("articles", {})


def test_snippets_are_asked_only_for_the_text_fields_the_query_searches() -> None:
    assert "highlight" not in build_search(SearchParams(q="entity:CSTO AND NOT саммит"), LANGS, NOW)
    assert set(build_search(SearchParams(q="title:саммит", lang=["ru"]), LANGS, NOW)["highlight"]["fields"]) \
        == {"title", "title_i18n.ru"}
