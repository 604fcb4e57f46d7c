"""An enriched article becomes the document search and Kibana expect, in the right monthly index."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.elastic import load_templates
from mediamon.errors import RecordError
from mediamon.records import EnrichedArticle, Mention, TopicScore
from mediamon.settings import Settings
from processors.indexer.bulk import BatchResult, BulkIndexer
from processors.indexer.documents import action_from_json, to_action

TEMPLATES = load_templates(Settings(index_prefix="t1-"))
NOW = datetime(2024, 12, 1, tzinfo=timezone.utc)


def _article(lang: str, published: datetime) -> EnrichedArticle:
    return EnrichedArticle(
        id="abc", url="http://example.ru/1", feed_url="http://example.ru/rss", source="Вестник",
        title="Саммит ОДКБ", text="Специальная военная операция и война", published=published, fetched=NOW,
        lang=lang, topics=[TopicScore(id="16000000", label="conflict, war and peace", score=0.9)],
        mentions=[Mention(entity="SMO", surface="Специальная военная операция", start=0, end=28, field="text",
                          confidence=0.9, framing="kremlin"),
                  Mention(entity="SMO", surface="война", start=31, end=36, field="text", confidence=0.8,
                          framing="war")],
        entities=["SMO"])


def test_monthly_index_follows_the_utc_month_of_publication() -> None:
    late_evening_moscow = datetime(2024, 11, 30, 23, 30, tzinfo=timezone(timedelta(hours=3)))
    assert to_action(_article("ru", late_evening_moscow), TEMPLATES, NOW).index == "t1-articles-2024.11"
    assert to_action(_article("ru", datetime(2024, 12, 1, 0, 30, tzinfo=timezone.utc)), TEMPLATES,
                     NOW).index == "t1-articles-2024.12"


def test_document_id_is_the_article_id_and_filters_are_flat_keywords() -> None:
    action = to_action(_article("ru", NOW), TEMPLATES, NOW)
    doc = action.document
    assert action.id == "abc"
    assert doc["topics"] == ["16000000"] and doc["topic_labels"] == ["conflict, war and peace"]
    assert doc["entities"] == ["SMO"] and doc["framings"] == ["kremlin", "war"]
    assert doc["mentions"][0]["framing"] == "kremlin"


def test_text_is_copied_to_the_sub_field_of_its_language_only() -> None:
    russian = to_action(_article("ru", NOW), TEMPLATES, NOW).document
    assert russian["title_i18n"] == {"ru": "Саммит ОДКБ"} and set(russian["text_i18n"]) == {"ru"}
    kazakh = to_action(_article("kk", NOW), TEMPLATES, NOW).document
    assert "title_i18n" not in kazakh and kazakh["title"] == "Саммит ОДКБ", "no analyser: neutral field only"


def test_item_statuses_are_sorted_into_done_retry_and_rejected() -> None:
    items = [{"index": {"status": 201, "result": "created"}}, {"index": {"status": 200, "result": "updated"}},
             {"index": {"status": 429, "error": {"type": "es_rejected_execution_exception"}}},
             {"index": {"status": 404, "error": {"type": "index_not_found_exception"}}},
             {"index": {"status": 400, "error": {"type": "document_parsing_exception", "reason": "bad float",
                                                 "caused_by": {"type": "illegal_argument_exception",
                                                               "reason": "For input string: \"high\""}}}},
             {"index": {"status": 500, "error": {"type": "internal"}}}]
    result = BatchResult()
    attempts = dict.fromkeys(range(6), 0)
    retry = BulkIndexer._sort_items(list(range(6)), items, attempts, result)
    assert (result.created, result.updated) == (1, 1)
    assert retry == {2, 3, 5}, "overload, a missing index and a first 500 are retried"
    (rejected,) = result.rejected
    assert rejected.position == 4 and rejected.status == 400 and "high" in rejected.error
    attempts[5] = 10
    assert 5 not in BulkIndexer._sort_items([5], [items[5]], attempts, BatchResult())


def test_the_message_bytes_give_the_same_document_as_the_record() -> None:
    article = _article("ru", NOW)
    assert action_from_json(article.dumps(), TEMPLATES, NOW) == to_action(article, TEMPLATES, NOW)


def _payload(**changes: object) -> bytes:
    data = json.loads(_article("ru", NOW).dumps())
    data.update(changes)
    return json.dumps({k: v for k, v in data.items() if v is not ...}).encode()


@pytest.mark.parametrize(("payload", "reason"), [
    (b"not json", "not JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (_payload(id=...), "missing fields: id"),
    (_payload(id=""), "empty id"),
    (_payload(url=...), "missing fields: url"),
    (_payload(published=...), "missing fields: published"),
    (_payload(published="yesterday"), "published is not an ISO 8601 date"),
    (_payload(topics="16000000"), "topics must be a list of objects"),
    (_payload(topics=[{"label": "war"}]), "has no 'id'"),
    (_payload(entities=[1]), "entities must be a list of str"),
    (_payload(schema_version=2), "unsupported schema_version 2"),
])
def test_a_message_that_is_no_indexable_article_is_refused_with_the_reason(payload: bytes, reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        action_from_json(payload, TEMPLATES, NOW)
