"""Which dead letters an operator's filters select, and which payloads replay refuses (they would
only be dead-lettered again)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.dlq import Letter, LetterFilter, checked_record, target_topic
from mediamon.errors import MediamonError
from mediamon.records import DeadLetter, RawArticle
from mediamon.settings import Settings

SETTINGS = Settings(topic_prefix="p.")
NOW = datetime.now(timezone.utc)
RAW = RawArticle(id="a1", url="https://n.example/a1", feed_url="https://n.example/rss", source="n.example",
                 title="t", text="x", published=NOW, fetched=NOW)


def _letter(**fields) -> Letter:
    defaults = {"stage": "enrich", "reason": "invalid record", "error": "RecordError: missing fields: text",
                "payload": "{}", "source_topic": "p.articles.raw", "key": "a1", "at": NOW - timedelta(hours=1)}
    return Letter("articles.dlq", 0, 7, DeadLetter(**{**defaults, **fields}))


@pytest.mark.parametrize(("wanted", "selected"), [
    (LetterFilter(), True),
    (LetterFilter(source_topic="articles.raw"), True),
    (LetterFilter(source_topic="articles.enriched"), False),
    (LetterFilter(stage="index"), False),
    (LetterFilter(reason="MISSING FIELDS"), True),  # reason or error, any case
    (LetterFilter(reason="too large"), False),
    (LetterFilter(key="a2"), False),
    (LetterFilter(since=NOW - timedelta(hours=2)), True),
    (LetterFilter(since=NOW), False),
    (LetterFilter(refs=frozenset({"articles.dlq:0:7"})), True),
    (LetterFilter(refs=frozenset({"articles.dlq:1:7"})), False),
])
def test_filters_select_letters(wanted: LetterFilter, selected: bool) -> None:
    assert wanted.matches(_letter(), SETTINGS) is selected


def test_an_article_goes_back_to_its_topic_keyed_by_its_id() -> None:
    letter = _letter(payload=RAW.dumps().decode(), key=None)
    assert checked_record(SETTINGS, letter.letter, target_topic(SETTINGS, letter.letter), None) == (
        b"a1", RAW.dumps())


def test_failed_alert_deliveries_go_back_to_alerts_out() -> None:
    letter = _letter(stage="alerts.deliver", source_topic="").letter
    assert target_topic(SETTINGS, letter) == "p.alerts.out"
    with pytest.raises(MediamonError, match="does not say where"):
        target_topic(SETTINGS, _letter(stage="mystery", source_topic="").letter)


@pytest.mark.parametrize(("letter", "payload", "why"), [
    (_letter(payload=json.dumps({"id": "a1"})), None, "dead-lettered again: missing fields"),
    (_letter(payload=RAW.dumps().decode(), truncated=True), None, "was cut"),
    (_letter(), "not json", "dead-lettered again: not JSON"),
    (_letter(source_topic="p.articles.enriched"), "[1]", "expected a JSON object"),
])
def test_payloads_that_would_fail_again_are_refused(letter: Letter, payload: str | None, why: str) -> None:
    with pytest.raises(MediamonError, match=why):
        checked_record(SETTINGS, letter.letter, target_topic(SETTINGS, letter.letter), payload)


def test_a_fixed_payload_replaces_a_truncated_one() -> None:
    letter = _letter(payload="{cut", truncated=True).letter
    assert checked_record(SETTINGS, letter, "p.articles.raw", RAW.dumps().decode())[0] == b"a1"
