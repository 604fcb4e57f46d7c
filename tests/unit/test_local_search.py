"""The embedded search engine finds what an analyst expects, in any script, with inflection."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from mediamon.query import QuerySyntaxError
from mediamon.search.local.engine import LocalIndex
from mediamon.search.params import SearchParams

NOW = datetime(2026, 12, 4, tzinfo=timezone.utc)
ARTICLES = [
    {"id": "ru-summit", "lang": "ru", "title": "Саммит ОДКБ в Минске", "source": "TASS", "entities": ["CSTO", "SMO"],
     "text": "Лидеры обсудили ход специальной военной операции. <script>alert(1)</script>",
     "published": "2026-12-01T10:00:00+00:00", "framings": ["kremlin"], "topics": ["11000000"]},
    {"id": "ru-front", "lang": "ru", "title": "Военная операция продолжается", "text": "Ёлки и армия.",
     "published": "2026-12-01T10:00:00+00:00", "entities": ["SMO"], "source": "RIA", "framings": ["kremlin"]},
    {"id": "en-summit", "lang": "en", "title": "CSTO summit in Minsk", "text": "Leaders discussed the war in Ukraine.",
     "published": "2026-12-02T09:00:00+00:00", "entities": ["CSTO"], "source": "Reuters", "framings": ["war"]},
    {"id": "zh-summit", "lang": "zh", "title": "集安组织峰会", "text": "集体安全条约组织", "source": "Xinhua",
     "published": "2026-11-30T09:00:00+00:00", "entities": ["CSTO"]},
    {"id": "bn-smo", "lang": "bn", "title": "বিশেষ সামরিক অভিযান", "text": "রাশিয়া ইউক্রেন", "source": "Prothom Alo",
     "published": "2026-11-29T09:00:00+00:00", "entities": ["SMO"]},
    {"id": "fr-cafe", "lang": "fr", "title": "Le café de l'OTSC", "text": "Opérations militaires", "source": "AFP",
     "published": "2026-10-15T09:00:00+00:00", "entities": ["CSTO"]},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LocalIndex:
    index = LocalIndex(tmp_path_factory.mktemp("search"))
    index.write(ARTICLES)
    return index


def ids(index: LocalIndex, q: str, **filters: object) -> list[str]:
    return [hit["id"] for hit in index.search(SearchParams(q=q, size=50, **filters), NOW).hits]


@pytest.mark.parametrize(("query", "expected"), [
    ('"военной операции"', ["ru-summit", "ru-front"]),       # inflected phrase finds both case forms
    ("военная операция", ["ru-summit", "ru-front"]),
    ("ОДКБ OR CSTO", ["en-summit", "ru-summit"]),
    ("одкб", ["ru-summit"]),                                  # case-insensitive in Cyrillic
    ("елки", ["ru-front"]),                                   # ё and е are one letter
    ("cafe", ["fr-cafe"]), ("operations", ["fr-cafe"]),      # Latin diacritics folded
    ("集安组织", ["zh-summit"]),                               # CJK: every character of the word
    ("সামরিক", ["bn-smo"]),                                    # Bengali word with vowel signs, whole
    ("summit NOT minsk", []),
    ("NOT саммит", ["en-summit", "ru-front", "zh-summit", "bn-smo", "fr-cafe"]),
    ("entity:smo", ["ru-summit", "ru-front", "bn-smo"]),
    ('source:"Prothom Alo"', ["bn-smo"]),
    ("title:сам*", ["ru-summit"]),
    ("framing:war OR framing:kremlin", ["en-summit", "ru-summit", "ru-front"]),
    ("published:2026-12-01", ["ru-summit", "ru-front"]),
    ("published:[2026-11-29 TO 2026-12-01]", ["zh-summit", "bn-smo", "ru-summit", "ru-front"]),  # whole last day
    ("published:[2026-11-29 TO 2026-12-01}", ["zh-summit", "bn-smo"]),
    ("published:{2026-11-29 TO 2026-12-01]", ["zh-summit", "ru-summit", "ru-front"]),
    ("published:>=2026-12-01", ["ru-summit", "ru-front", "en-summit"]),
    ("(ОДКБ OR CSTO) AND lang:ru", ["ru-summit"]),
])
def test_queries_find_what_an_analyst_expects(index: LocalIndex, query: str, expected: list[str]) -> None:
    assert sorted(ids(index, query)) == sorted(expected)


def test_newest_first_with_ties_broken_by_id(index: LocalIndex) -> None:
    assert ids(index, "*") == ["en-summit", "ru-front", "ru-summit", "zh-summit", "bn-smo", "fr-cafe"]


def test_cursor_pages_never_repeat_or_skip_an_article(index: LocalIndex) -> None:
    seen, after = [], None
    while True:
        result = index.search(SearchParams(q="*", size=2, after=after), NOW)
        seen += [hit["id"] for hit in result.hits]
        if result.next_cursor is None:
            break
        after = result.next_cursor
    assert seen == ids(index, "*")


def test_filters_and_time_range_combine(index: LocalIndex) -> None:
    assert ids(index, "*", entity=["csto"], lang=["ru", "en"]) == ["en-summit", "ru-summit"]
    assert ids(index, "*", since="2026-12-01", until="2026-12-01T23:59:59Z") == ["ru-front", "ru-summit"]


def test_facets_count_the_matching_articles(index: LocalIndex) -> None:
    result = index.search(SearchParams(q="*", entity=["CSTO"]), NOW, facets=True)
    assert result.total == 4
    assert result.facets["entity"] == {"CSTO": 4, "SMO": 1}
    assert result.facets["lang"] == {"ru": 1, "en": 1, "zh": 1, "fr": 1}
    assert result.facets["day"]["2026-12-01"] == 1


def test_highlights_mark_inflected_forms_and_escape_feed_markup(index: LocalIndex) -> None:
    hit = index.search(SearchParams(q='"военная операция"', entity=["CSTO"]), NOW).hits[0]
    snippet = hit["highlight"]["text"][0]
    assert "<em>военной</em> <em>операции</em>" in snippet
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet


def test_reindexing_the_same_article_replaces_it(tmp_path: Path) -> None:
    index = LocalIndex(tmp_path)
    assert index.write(ARTICLES[:2]).created == 2
    again = index.write([{**ARTICLES[0], "title": "Новый заголовок"}, ARTICLES[1]])
    assert (again.created, again.updated) == (0, 2)
    assert index.counts()[0] == 2 and index.get("ru-summit")["title"] == "Новый заголовок"


def test_a_document_without_a_usable_date_is_rejected_not_indexed(tmp_path: Path) -> None:
    written = LocalIndex(tmp_path).write([{**ARTICLES[0], "published": "yesterday"}, ARTICLES[1]])
    assert written.created == 1 and written.rejected[0][0] == 0 and "published" in written.rejected[0][1]


def test_a_syntax_error_names_its_position(index: LocalIndex) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        index.search(SearchParams(q="ОДКБ AND (CSTO"), NOW)
    assert error.value.position is not None


@pytest.mark.parametrize(("query", "reason"), [
    ("/?/", "nothing to repeat"),  # Python's parser (the highlighter) refuses it
    ("title:/(?<=a)b/", "look-around"),  # Python accepts it, tantivy does not
    ("-/[/", "unclosed character class"),  # negated: no highlighting, tantivy alone
])
def test_an_invalid_regular_expression_is_a_query_error_not_a_crash(index: LocalIndex, query: str, reason: str) -> None:
    with pytest.raises(QuerySyntaxError, match="invalid regular expression") as error:
        index.search(SearchParams(q=query), NOW)
    assert reason in str(error.value)
