"""Search finds what analysts ask for: inflected Russian, the query language, filters, facets, pages."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.articles import article, index_articles, prepared

NOW = datetime.now(timezone.utc).replace(microsecond=0)
ARTICLES = [
    article("csto-summit", "Саммит ОДКБ в Минске",
            "Лидеры стран Организации Договора о коллективной безопасности обсудили учения.", "ru",
            NOW - timedelta(hours=2), source="Вестник Евразии", entities=("CSTO",), topics=("11000000",),
            country="RU"),
    article("smo-ru", "Итоги недели",
            "Специальная военная операция продолжается, заявили в Москве.", "ru", NOW - timedelta(hours=5),
            source="Вестник Евразии", entities=("SMO",), framing="kremlin", topics=("16000000",), country="RU"),
    article("war-en", "Russia's war in Ukraine enters a new phase",
            "The invasion continues; talks about a ceasefire stalled.", "en", NOW - timedelta(days=3),
            source="World Desk", entities=("SMO",), framing="war", topics=("16000000",), country="GB"),
    article("snow-en", "Heavy snow expected", "Forecasters expect snow and icy roads.", "en",
            NOW - timedelta(days=10), source="Weather Daily", country="GB"),
    article("csto-kk", "ҰҚШҰ жаттығулары", "Ұжымдық қауіпсіздік туралы шарт ұйымы ОДКБ жаттығулар өткізді.", "kk",
            NOW - timedelta(hours=1), source="Астана Times", entities=("CSTO",), country="KZ"),
]


@pytest.fixture()
def indexed(stack_settings: Settings) -> Settings:
    prepared(stack_settings)
    index_articles(stack_settings, ARTICLES)
    return stack_settings


def _ids(settings: Settings, *args: str) -> list[str]:
    result = run_mediamon(settings, "search", *args, "--json", "--size", "50")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip()]


def test_inflected_russian_forms_are_found(indexed: Settings) -> None:
    assert set(_ids(indexed, "ОДКБ")) == {"csto-summit", "csto-kk"}
    assert _ids(indexed, '"Организация Договора"') == ["csto-summit"], "nominative finds the genitive"
    assert _ids(indexed, '"военной операции"') == ["smo-ru"], "genitive finds the nominative"
    assert _ids(indexed, "операцию") == ["smo-ru"], "accusative finds the nominative"


def test_the_query_language_combines_words_fields_and_wildcards(indexed: Settings) -> None:
    assert _ids(indexed, "ОДКБ AND NOT lang:kk") == ["csto-summit"]
    assert set(_ids(indexed, "invasion OR Минске")) == {"war-en", "csto-summit"}
    assert _ids(indexed, "entity:smo AND framing:war") == ["war-en"]
    assert _ids(indexed, "title:snow") == ["snow-en"] and _ids(indexed, "text:heavy") == []
    assert set(_ids(indexed, "forecast*")) == {"snow-en"}
    assert _ids(indexed, 'source:"Вестник Евразии" AND операция') == ["smo-ru"]


def test_a_syntax_error_is_a_clear_message_not_a_traceback(indexed: Settings) -> None:
    result = run_mediamon(indexed, "search", "ОДКБ AND (СВО OR")
    assert result.returncode == 2
    assert "invalid query at the end" in result.stderr and "^" in result.stderr
    assert "Traceback" not in result.stderr


def test_filters_narrow_and_combine(indexed: Settings) -> None:
    assert set(_ids(indexed, "*", "--entity", "CSTO")) == {"csto-summit", "csto-kk"}
    assert set(_ids(indexed, "*", "--entity", "SMO", "--lang", "en")) == {"war-en"}
    assert set(_ids(indexed, "*", "--country", "KZ", "--country", "GB")) == {"csto-kk", "war-en", "snow-en"}
    assert set(_ids(indexed, "*", "--since", "24h")) == {"csto-summit", "smo-ru", "csto-kk"}
    assert _ids(indexed, "*", "--until", "7d") == ["snow-en"]
    assert set(_ids(indexed, "*", "--topic", "16000000", "--source", "World Desk")) == {"war-en"}


def test_hits_come_newest_first_with_highlighted_snippets(indexed: Settings) -> None:
    result = run_mediamon(indexed, "search", "Организация", "--json")
    (hit,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert "<em>Организации</em>" in hit["highlight"]["text"][0]
    assert _ids(indexed, "*")[:3] == ["csto-kk", "csto-summit", "smo-ru"]
    human = run_mediamon(indexed, "search", "Минске")
    assert "Саммит ОДКБ в [Минске]" in human.stdout and "1 of 1 articles" in human.stderr


def test_facets_count_by_entity_language_source_topic_and_day(stack_settings: Settings) -> None:
    import asyncio

    from mediamon.elastic import async_client, load_templates
    from mediamon.search import SearchParams, SearchService

    prepared(stack_settings)
    index_articles(stack_settings, ARTICLES)

    async def facets():
        async with async_client(stack_settings) as es:
            return await SearchService(es, load_templates(stack_settings)).facets(SearchParams(q="*", country=["RU", "KZ"]))

    result = asyncio.run(facets())
    assert result.total == 3
    assert result.facets["entity"] == {"CSTO": 2, "SMO": 1}
    assert result.facets["lang"] == {"ru": 2, "kk": 1}
    assert result.facets["source"] == {"Вестник Евразии": 2, "Астана Times": 1}
    assert result.facets["topic"] == {"11000000": 1, "16000000": 1}
    assert sum(result.facets["day"].values()) == 3


@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_search_after_pages_never_repeat_or_skip(stack_settings: Settings, sort: str) -> None:
    prepared(stack_settings)
    same_minute = NOW - timedelta(minutes=30)
    many = [article(f"p{n:02d}", f"Учения ОДКБ номер {n}", "ОДКБ " * (1 + n % 4), "ru",
                    same_minute if n % 3 else NOW - timedelta(minutes=n)) for n in range(23)]
    index_articles(stack_settings, many)
    seen: list[str] = []
    after: list[str] = []
    for _ in range(10):
        result = run_mediamon(stack_settings, "search", "ОДКБ", "--sort", sort, "--size", "5", "--json", *after)
        page = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        seen += [hit["id"] for hit in page]
        if len(page) < 5:
            break
        after = ["--after", page[-1]["cursor"]]
    assert len(seen) == len(set(seen)) == 23
