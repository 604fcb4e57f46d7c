"""Subscriptions are checked when created (clear errors) and never show their secrets."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from cryptography.fernet import Fernet

from mediamon.records import Channel, DeliveryOutcome, Subscription, SubscriptionStatus
from mediamon.records.codec import decode_json_record
from processors.alerts.repo import SubscriptionState, status_key
from processors.subscriptions.filter_index import SubscriptionIndex
from processors.subscriptions.sealing import Sealer
from processors.subscriptions.validation import (
    SubscriptionError,
    build_subscription,
    describe_channel,
    parse_channels,
    parse_duration,
    public_view,
    status_view,
    validate,
)
from tests.unit.alerts_samples import enriched

HOOK = [Channel(kind="webhook", target="https://hooks.example/x", secret="topsecret-value-123")]


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86400)])
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("kwargs, message", [
    ({"query": "entity:CSTO AND ("}, "bad query"),
    ({"mode": "spike"}, "at least one --entity"),
    ({"at": "25:00"}, "HH:MM"),
    ({"tz": "Mars/Olympus"}, "time zone"),
    ({"every": "soon"}, "not a duration"),
])
def test_invalid_subscriptions_are_refused_with_the_reason(kwargs: dict, message: str) -> None:
    with pytest.raises(SubscriptionError, match=message):
        build_subscription(name="x", channels=HOOK, **kwargs)


def test_unknown_entity_is_refused_naming_the_known_ones() -> None:
    sub = Subscription(id="s", name="x", entities=["NATO"], channels=HOOK)
    with pytest.raises(SubscriptionError, match="unknown entity NATO; known: CSTO, SMO"):
        validate(sub, frozenset({"CSTO", "SMO"}))


@pytest.mark.parametrize("webhook, email, telegram, message", [
    ("ftp://hooks.example/x", None, None, "must be http"),
    ("http://0.0.0.0/x", None, None, "not reachable"),
    ("http://intranet/x", None, None, "not reachable"),
    (None, "not-an-address", None, "not an e-mail"),
    (None, None, "justatoken", "BOT_TOKEN:CHAT_ID"),
])
def test_unusable_channels_are_refused(webhook: str | None, email: str | None, telegram: str | None,
                                       message: str) -> None:
    with pytest.raises(SubscriptionError, match=message):
        parse_channels([webhook] if webhook else [], None, [email] if email else [], [],
                       [telegram] if telegram else [])


def test_telegram_token_keeps_its_own_colon() -> None:
    (channel,) = parse_channels([], None, [], [], ["123456:ABC-def:-100777"])
    assert (channel.secret, channel.target) == ("123456:ABC-def", "-100777")


def test_secrets_are_masked_in_every_view() -> None:
    channels = parse_channels(["https://hooks.example/x"], "topsecret-value-123", [], [],
                              ["123456:ABC-def:42"]) + [Channel(kind="slack", target="https://hooks.slack.com/T/B/slacksecret")]
    sub = Subscription(id="s", name="x", channels=channels)
    shown = json.dumps(public_view(sub)) + " ".join(describe_channel(c) for c in channels)
    assert "topsecret" not in shown and "ABC-def" not in shown and "slacksecret" not in shown and "****" in shown


def test_state_follows_the_compacted_topic_including_tombstones_and_status() -> None:
    state = SubscriptionState(Sealer([Fernet.generate_key().decode()]))
    sub = Subscription(id="s1", name="x", entities=["CSTO"], channels=HOOK)
    state.apply(b"s1", sub.dumps())
    state.apply(b"broken", b"{not json")
    state.apply(status_key("s1"), b'{"subscription_id": "s1", "ok": false, "at": "2024-05-01T00:00:00+00:00",'
                                  b' "error": "webhook: HTTP 500"}')
    assert state.index.get("s1") is not None and state.statuses["s1"].error == "webhook: HTTP 500"
    assert [s.id for s, _ in state.index.match(enriched(entities=["CSTO"]))] == ["s1"]
    state.apply(b"s1", None)
    assert state.index.get("s1") is None and state.index.match(enriched(entities=["CSTO"])) == []


def test_a_subscriber_sees_that_a_delivery_failed_but_only_an_admin_sees_why() -> None:
    failed = DeliveryOutcome(at=datetime(2026, 12, 6, 8, tzinfo=timezone.utc), ok=False, kind="digest", articles=14,
                             channel="webhook", error="webhook: connection refused by 10.0.0.7:8080")
    delivered = DeliveryOutcome(at=datetime(2026, 12, 6, 9, tzinfo=timezone.utc), ok=True, kind="match", articles=1)
    status = SubscriptionStatus(subscription_id="s1", ok=True, at=delivered.at, delivered=1, failures=1,
                                recent=[delivered, failed])
    stored = decode_json_record(status.dumps(), SubscriptionStatus)

    for_editor = status_view(stored, detailed=False)
    assert [(o["ok"], o["kind"], o["articles"]) for o in for_editor["recent"]] == [(True, "match", 1), (False, "digest", 14)]
    assert "10.0.0.7" not in json.dumps(for_editor, default=str) and for_editor["recent"][1]["error"] == "delivery failed"
    assert status_view(stored, detailed=True)["recent"][1]["error"].endswith("10.0.0.7:8080")


def test_index_checks_every_filter_and_skips_paused() -> None:
    index = SubscriptionIndex()
    index.put(Subscription(id="csto-ru", name="a", entities=["CSTO"], languages=["ru"], channels=HOOK))
    index.put(Subscription(id="smo", name="b", entities=["SMO"], channels=HOOK))
    index.put(Subscription(id="query", name="c", query="саммит", channels=HOOK))
    index.put(Subscription(id="paused", name="d", entities=["CSTO"], paused=True, channels=HOOK))
    index.put(Subscription(id="silence", name="e", mode="silence", channels=HOOK))
    found = {sub.id for sub, _ in index.match(enriched(entities=["CSTO"], lang="ru"))}
    assert found == {"csto-ru", "query"}
    assert {sub.id for sub, _ in index.match(enriched(entities=["CSTO"], lang="en"))} == {"query"}
    assert {sub.id for sub, _ in index.match(enriched(entities=["SMO"], title="x"))} == {"smo", "query"}


def test_subscription_on_two_entities_matches_an_article_with_both_once_and_follows_changes() -> None:
    index = SubscriptionIndex()
    both = Subscription(id="both", name="a", entities=["CSTO", "SMO"], channels=HOOK)
    index.put(both)
    index.put(Subscription(id="query-both", name="b", entities=["CSTO", "SMO"], query="минске", channels=HOOK))
    assert sorted(s.id for s, _ in index.match(enriched(entities=["CSTO", "SMO"]))) == ["both", "query-both"]
    index.put(Subscription(id="both", name="a", entities=["CSTO", "SMO"], paused=True, channels=HOOK))
    assert [s.id for s, _ in index.match(enriched(entities=["CSTO", "SMO"]))] == ["query-both"]
    index.put(both)
    matched = {sub.id: mentions for sub, mentions in index.match(enriched(entities=["SMO"]))}
    assert [m.entity for m in matched["both"]] == ["SMO"]
