"""One behaviour, two engines: the same articles and queries on the embedded engine and on
Elasticsearch (the local server's) give the same hits, totals and facets.

Where the engines must differ, the case says so: relevance scores (BM25 variants) order hits
differently, so relevance searches compare the set of hits, not their order.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mediamon.elastic import load_templates
from mediamon.search import SearchParams, SearchResult, open_search
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.indexer.documents import to_action
from tests.integration.articles import article, index_articles, prepared

NOW = datetime.now(timezone.utc).replace(microsecond=0)
MONTH_AGO = NOW - timedelta(days=35)
ARTICLES = [
    article("ru-summit", "Саммит ОДКБ в Минске", "Лидеры обсудили ход специальной военной операции и учения.", "ru",
            NOW - timedelta(hours=2), source="Вестник Евразии", entities=("CSTO", "SMO"), framing="kremlin",
            topics=("11000000",), country="RU"),
    article("ru-front", "Военная операция продолжается", "Российская армия наступает, сообщили в Москве.", "ru",
            NOW - timedelta(hours=2), source="РИА", entities=("SMO",), framing="kremlin", topics=("16000000",),
            country="RU"),
    article("uk-war", "Війна триває", "Повномасштабне вторгнення Росії в Україну.", "uk", NOW - timedelta(days=1),
            source="Українська правда", entities=("SMO",), framing="war", topics=("16000000",), country="UA"),
    article("en-war", "Russia's war in Ukraine enters a new phase", "The invasion continues; talks stalled.", "en",
            NOW - timedelta(days=3), source="World Desk", entities=("SMO",), framing="war", topics=("16000000",),
            country="GB"),
    article("en-snow", "Heavy snow expected", "Forecasters expect snow and icy roads in Minsk.", "en",
            NOW - timedelta(days=10), source="Weather Daily", country="GB"),
    article("kk-csto", "ҰҚШҰ жаттығулары", "Ұжымдық қауіпсіздік туралы шарт ұйымы ОДКБ жаттығулар өткізді.", "kk",
            NOW - timedelta(hours=1), source="Астана Times", entities=("CSTO",), country="KZ"),
    article("bn-smo", "রাশিয়ার বিশেষ সামরিক অভিযান", "ইউক্রেনে বিশেষ সামরিক অভিযান চলছে।", "bn",
            NOW - timedelta(days=2), source="Prothom Alo", entities=("SMO",), framing="kremlin", country="BD"),
    article("zh-csto", "集安组织峰会在明斯克举行", "集体安全条约组织成员国领导人出席。", "zh", NOW - timedelta(days=4),
            source="新华社", entities=("CSTO",), topics=("11000000",), country="CN"),
    article("hy-csto", "ՀԱՊԿ-ի գագաթնաժողով", "Հայաստանը սառեցրել է մասնակցությունը ՀԱՊԿ-ում։", "hy",
            NOW - timedelta(days=5), source="Armenpress", entities=("CSTO",), topics=("11000000",), country="AM"),
    article("xss", "<script>alert(1)</script> ОДКБ <img src=x onerror=alert(2)>", "Учения &amp; \u202e ОДКБ <b>",
            "ru", NOW - timedelta(days=6), source="<i>Hostile</i>", entities=("CSTO",), country="RU"),
    article("ru-old", "Учения ОДКБ", "Миротворческие силы ОДКБ провели учения.", "ru", MONTH_AGO,
            source="Вестник Евразии", entities=("CSTO",), topics=("11000000",), country="RU"),
]
DAY = NOW.date().isoformat()
CASES = [
    SearchParams(q="*"),
    SearchParams(q='"военной операции"'),                    # inflected phrase (Russian stemming in both)
    SearchParams(q="военная операция"),
    SearchParams(q="ОДКБ OR CSTO OR ҰҚШҰ OR ՀԱՊԿ"),
    SearchParams(q="одкб AND NOT учения"),
    SearchParams(q="NOT одкб"),
    SearchParams(q="Minsk OR Минске"),
    SearchParams(q="집안 OR 集安组织"),                          # CJK word: its characters, in any order
    SearchParams(q="সামরিক"),                                  # Bengali word with vowel signs
    SearchParams(q="Війна OR вторгнення"),                     # Ukrainian: exact words (no stemmer in either)
    SearchParams(q="title:сам*"),
    SearchParams(q="entity:SMO AND framing:war"),
    SearchParams(q='source:"Вестник Евразии"'),
    SearchParams(q="country:ru OR country:kz"),
    SearchParams(q="*", entity=["CSTO"], lang=["ru", "kk", "hy"]),
    SearchParams(q="*", framing=["kremlin"], since="7d"),
    SearchParams(q="*", since="30d", until="1d"),
    SearchParams(q="ОДКБ", since="60d"),                     # monthly indices of three months, some empty
    SearchParams(q="*", since="400d", until="380d"),         # months without any index: no hits, no error
    SearchParams(q=f"published:{DAY}"),
    SearchParams(q=f"published:[{(NOW - timedelta(days=5)).date()} TO {(NOW - timedelta(days=1)).date()}]"),
    SearchParams(q=f"published:{{{(NOW - timedelta(days=5)).date()} TO {(NOW - timedelta(days=1)).date()}}}"),
    SearchParams(q=f"published:>={(NOW - timedelta(days=3)).date()}"),
    SearchParams(q="операция", sort="relevance"),
    SearchParams(q="*", sort="fetched"),
    SearchParams(q="ОДКБ", entity=["CSTO"], sort="fetched", size=2),
    SearchParams(q="war OR invasion", sort="relevance"),
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, local_stack: Settings) -> tuple[Settings, Settings]:
    """Both backends holding the same documents, made by the indexer's own document code."""
    elastic = local_stack.model_copy(update={"index_prefix": "conformance-", "search_backend": "elasticsearch"})
    prepared(elastic)
    index_articles(elastic, ARTICLES)
    local = elastic.model_copy(update={"search_backend": "local", "data_dir": tmp_path_factory.mktemp("data")})
    templates = load_templates(local)
    written = LocalIndex(local_index_path(local)).write(
        [to_action(a, templates, NOW).document for a in ARTICLES])
    assert written.created == len(ARTICLES) and not written.rejected
    return elastic, local


def run(settings: Settings, params: SearchParams) -> SearchResult:
    async def go() -> SearchResult:
        backend = open_search(settings)
        try:
            return await backend.search(params, facets=True)
        finally:
            await backend.close()

    return asyncio.run(go())


@pytest.mark.parametrize("params", CASES, ids=lambda p: f"{p.q} {p.model_dump(exclude_defaults=True, exclude={'q'})}")
def test_both_engines_find_the_same_articles_with_the_same_facets(
        engines: tuple[Settings, Settings], params: SearchParams) -> None:
    elastic, local = (run(settings, params.model_copy(update={"size": 50})) for settings in engines)
    elastic_ids, local_ids = [h["id"] for h in elastic.hits], [h["id"] for h in local.hits]
    if params.sort == "relevance":
        assert sorted(local_ids) == sorted(elastic_ids)   # scores differ by design; the hits may not
    else:
        assert local_ids == elastic_ids                    # newest first, ties by id: the same order
    assert local.total == elastic.total
    for facet in ("entity", "lang", "source", "topic", "framing", "country", "day"):
        assert local.facets[facet] == elastic.facets[facet], facet


@pytest.mark.parametrize("sort", ["date", "fetched"])
def test_both_engines_page_through_the_same_sequence(engines: tuple[Settings, Settings], sort: str) -> None:
    def pages(settings: Settings) -> list[str]:
        seen, after = [], None
        while True:
            result = run(settings, SearchParams(q="*", size=3, after=after, sort=sort))
            seen += [hit["id"] for hit in result.hits]
            if not result.next_cursor:
                return seen
            after = result.next_cursor

    elastic, local = engines
    assert pages(local) == pages(elastic) and len(pages(local)) == len(ARTICLES)


def test_both_engines_mark_the_inflected_words_in_snippets(engines: tuple[Settings, Settings]) -> None:
    """The local server marks a matched phrase as one span, the embedded engine word by word."""
    for settings in engines:
        hit = next(h for h in run(settings, SearchParams(q='"военная операция"')).hits if h["id"] == "ru-summit")
        assert re.search(r"<em>военной(</em> <em>| )операции</em>", hit["highlight"]["text"][0]), settings.search_backend


def test_both_engines_escape_feed_markup_in_snippets(engines: tuple[Settings, Settings]) -> None:
    for settings in engines:
        hit = next(h for h in run(settings, SearchParams(q="ОДКБ")).hits if h["id"] == "xss")
        title, text = hit["highlight"]["title"][0], hit["highlight"]["text"][0]
        for snippet in (title, text):   # only our <em> tags are markup (Elasticsearch also escapes "/")
            assert not re.search(r"<(?!/?em>)", snippet), (settings.search_backend, snippet)
        assert "&lt;script&gt;alert(1)" in title and "<em>ОДКБ</em>" in title, settings.search_backend
        assert "&lt;b&gt;" in text and "&amp;amp;" in text, settings.search_backend


def test_the_article_view_reads_one_article_from_either_engine(engines: tuple[Settings, Settings]) -> None:
    async def get(settings: Settings) -> dict | None:
        backend = open_search(settings)
        try:
            return await backend.get("hy-csto")
        finally:
            await backend.close()

    elastic, local = (asyncio.run(get(settings)) for settings in engines)
    assert local["title"] == elastic["title"] == "ՀԱՊԿ-ի գագաթնաժողով"
    assert "title_i18n" not in local and "title_i18n" not in elastic


def test_local_index_lives_under_the_data_dir(engines: tuple[Settings, Settings], tmp_path: Path) -> None:
    _, local = engines
    assert local_index_path(local).is_relative_to(local.data_dir)


@pytest.mark.parametrize("interval", ["hour", "day"])
@pytest.mark.parametrize("params", [SearchParams(q="*", since="60d"), SearchParams(q="ОДКБ", since="7d"),
                                    SearchParams(q="*", entity=["SMO"], framing=["war"], since="30d")],
                         ids=lambda p: p.model_dump_json(exclude_defaults=True))
def test_both_engines_count_the_same_trends(engines: tuple[Settings, Settings], params: SearchParams,
                                            interval: str) -> None:
    async def histogram(settings: Settings) -> dict[str, int]:
        backend = open_search(settings)
        try:
            return await backend.histogram(params, interval)
        finally:
            await backend.close()

    elastic, local = (asyncio.run(histogram(settings)) for settings in engines)
    assert local == elastic and sum(local.values()) == run(engines[1], params).total
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:00:00Z", bucket) for bucket in local)
