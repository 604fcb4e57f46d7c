"""One article schema: every edge refuses what the record requires, every indexed field is mapped,
and search and alert matching read one query-field table."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from mediamon.elastic import load_templates
from mediamon.errors import RecordError
from mediamon.query.fields import FIELDS, Kind
from mediamon.records import (
    CitedSource,
    EnrichedArticle,
    Mention,
    RawArticle,
    TopicScore,
    decode_article,
    decode_raw_article,
)
from mediamon.records.articles import required_fields
from mediamon.settings import Settings
from processors.indexer.documents import action_from_json, to_action
from processors.subscriptions.querymatch import ArticleView, compile_query

TEMPLATES = load_templates(Settings())
NOW = datetime(2024, 12, 1, 9, 30, tzinfo=timezone.utc)
# Every field set, optional ones included, so nothing the indexer writes escapes the mapping check.
FULL = EnrichedArticle(
    id="a1", url="https://tass.example/1", feed_url="https://tass.example/rss", source="ТАСС",
    title="Саммит ОДКБ", text="По данным ТАСС, саммит ОДКБ прошёл в Минске.", published=NOW, fetched=NOW,
    guid="urn:1", lang_hint="ru", country="RU", tags=["politics"], version="v1",
    published_original=datetime(999, 1, 1, tzinfo=timezone.utc), lang="ru", lang_confidence=0.99,
    topics=[TopicScore(id="11000000", label="politics", score=0.8, evidence=["саммит"])],
    subtopics=[TopicScore(id="11001000", label="diplomacy", score=0.5)],
    mentions=[Mention(entity="CSTO", surface="ОДКБ", start=7, end=11, field="title", confidence=0.9,
                      framing="neutral", rule="csto-ru", cues=["summit"])],
    entities=["CSTO"], enriched=NOW,
    cited_sources=[CitedSource(outlet="tass", surface="ТАСС", start=10, end=14, field="text")], cited=["tass"],
    story_id="a0", story_origin_id="a0", story_origin_source="ТАСС", story_origin_outlet="tass",
    story_lag_seconds=3600.0, story_credits_origin=True, story_size=2, story_languages=["ru", "bn"])


def test_the_example_sets_every_field_of_the_record() -> None:
    """Guards the mapping test: a record field added later must be set here too."""
    assert [name for name in EnrichedArticle._options.fields if getattr(FULL, name) in (None, "", [])] == []


def _unmapped(value: Any, mapping: dict[str, Any], path: str) -> list[str]:
    if isinstance(value, list):
        return [missing for item in value for missing in _unmapped(item, mapping, path)]
    if not isinstance(value, dict) or mapping.get("enabled") is False:  # kept in _source, deliberately unindexed
        return []
    properties = mapping.get("properties", {})
    return [missing for key, item in value.items()
            for missing in ([f"{path}{key}"] if key not in properties
                            else _unmapped(item, properties[key], f"{path}{key}."))]


def test_the_elasticsearch_mapping_covers_every_field_of_an_indexed_article() -> None:
    document = to_action(FULL, TEMPLATES, NOW).document
    assert _unmapped(document, TEMPLATES.mappings, "") == []
    assert {"topic_labels", "framings", "indexed", "title_i18n"} <= set(document), "derived fields are checked too"


def _without(field: str) -> bytes:
    data = json.loads(FULL.dumps())
    del data[field]
    return json.dumps(data).encode()


def test_a_lone_surrogate_from_another_producer_reaches_the_worker_as_a_replacement_character() -> None:
    """json.dumps escapes it as `\\ud800`; decoded as is, cld2 and the producer would fail on the article."""
    data = json.loads(FULL.dumps())
    data["title"] = "Саммит \ud800ОДКБ"
    article = decode_raw_article(json.dumps(data).encode())
    assert article.title == "Саммит \ufffdОДКБ"
    assert article.dumps().decode("utf-8")

@pytest.mark.parametrize("field", list(required_fields(RawArticle)))
def test_every_edge_refuses_an_article_without_a_required_field(field: str) -> None:
    edges = [decode_raw_article, lambda payload: decode_article(payload, EnrichedArticle),
             lambda payload: action_from_json(payload, TEMPLATES, NOW)]
    for edge in edges:
        with pytest.raises(RecordError, match=f"missing fields: {field}$"):
            edge(_without(field))


def test_required_fields_are_those_without_a_default_and_dates_travel_as_strings() -> None:
    assert required_fields(EnrichedArticle) == {
        "id": str, "url": str, "feed_url": str, "source": str, "title": str, "text": str,
        "published": str, "fetched": str}


@pytest.mark.parametrize("name", sorted(n for n, f in FIELDS.items() if f.kind is Kind.KEYWORD))
def test_every_keyword_field_of_search_matches_the_same_value_in_alerts(name: str) -> None:
    target = FIELDS[name].targets[0]
    assert TEMPLATES.mappings["properties"][target]["type"] == "keyword"
    indexed = to_action(FULL, TEMPLATES, NOW).document[target]
    value = indexed[0] if isinstance(indexed, list) else indexed
    assert compile_query(f'{name}:"{value}"')(ArticleView(FULL))
    assert not compile_query(f'{name}:"no-such-value"')(ArticleView(FULL))


@pytest.mark.parametrize("name", sorted(n for n, f in FIELDS.items() if f.kind is not Kind.KEYWORD))
def test_every_text_and_date_field_of_search_is_known_to_alerts(name: str) -> None:
    query = f"{name}:[2024-01-01 TO *]" if FIELDS[name].kind is Kind.DATE else f"{name}:саммит"
    assert compile_query(query)(ArticleView(FULL))
