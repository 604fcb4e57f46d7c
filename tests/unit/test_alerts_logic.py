"""The pure parts of alerting: spikes, digest periods, rate limits with summaries, syndicated copies,
silent feeds, signatures and highlighted snippets."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import pytest

from mediamon.records import FEED_ERROR, FEED_OK, FeedHealth, Subscription
from processors.alerts.channels import sign
from processors.subscriptions import render, silence, spike
from processors.subscriptions.build import match_alert
from processors.subscriptions.digest import period_index
from processors.subscriptions.outbox import plan
from processors.subscriptions.story import fingerprint
from tests.unit.alerts_samples import enriched

HOUR = 3600
T0 = 1_714_564_800  # 2024-05-01 12:00 UTC, a whole hour


def counts_of(per_hour: list[int]) -> dict[str, int]:
    """Counts for consecutive hours ending with the current one."""
    start = T0 - (len(per_hour) - 1) * HOUR
    return {str(start + i * HOUR): n for i, n in enumerate(per_hour) if n}


@pytest.mark.parametrize("per_hour, spiking", [
    ([1, 0, 1, 1, 0, 1, 30], True),      # quiet baseline, then 30 in the current hour
    ([10, 12, 9, 11, 10, 12, 30], False),  # busy entity: 30 is under 3x its usual ~11
    ([0, 0, 0, 0, 0, 0, 9], False),      # below the minimum count
    ([10], True),                        # first hour ever: only the minimum count applies
])
def test_spike_needs_factor_over_baseline_and_minimum(per_hour: list[int], spiking: bool) -> None:
    assert spike.is_spike(counts_of(per_hour), T0, HOUR, factor=3, min_count=10) is spiking


def test_one_spike_alert_even_when_it_lasts_into_the_next_window() -> None:
    assert spike.first_of_spike(None, T0, HOUR)
    assert not spike.first_of_spike(T0, T0, HOUR)
    assert not spike.first_of_spike(T0, T0 + HOUR, HOUR)
    assert spike.first_of_spike(T0, T0 + 2 * HOUR, HOUR)


def test_counts_older_than_a_week_are_dropped() -> None:
    counts = spike.add_mention({str(T0 - 8 * 86400): 5}, T0, now=T0)
    assert counts == {str(T0): 1}


def test_daily_digest_period_follows_local_time_across_dst() -> None:
    sub = Subscription(id="s", name="x", mode="digest", digest_every=86400, digest_at="08:00",
                       digest_tz="Europe/Berlin")
    before = datetime(2024, 3, 30, 7, 59, tzinfo=timezone.utc)   # 08:59 CET
    spring = datetime(2024, 3, 31, 6, 1, tzinfo=timezone.utc)    # 08:01 CEST, after the clock change
    assert period_index(sub, spring) == period_index(sub, before) + 1
    assert period_index(sub, spring - timedelta(minutes=2)) == period_index(sub, before)


def sub_of(**kwargs: object) -> Subscription:
    return Subscription(id="s", name="watch", **kwargs)


def alert_for(article_id: str, title: str = "Саммит в Минске", source: str = "tass"):  # noqa: ANN201
    article = enriched(entities=["CSTO"], article_id=article_id, title=title, source=source)
    return match_alert(sub_of(), article, article.mentions, update=False)


def test_rate_limit_holds_excess_and_sends_one_summary_next_minute() -> None:
    sub, state, now = sub_of(max_per_minute=2), {}, float(T0)
    sent = [plan(alert_for(f"a{i}", title=f"Новость {i}"), sub, state, now, 3600) for i in range(5)]
    assert [len(s) for s in sent] == [1, 1, 0, 0, 0]
    tick = match_alert(sub, enriched(entities=[]), [], False)
    tick.kind = "tick"
    assert plan(tick, sub, state, now + 10, 3600) == []
    (summary,) = plan(tick, sub, state, now + 61, 3600)
    assert summary.kind == "summary" and [a.id for a in summary.articles] == ["a2", "a3", "a4"]
    assert "3 more matches" in summary.message and not state.get("held")


def test_digest_collects_the_period_and_folds_syndicated_copies() -> None:
    sub, state, now = sub_of(mode="digest", digest_every=3600, digest_at="00:00"), {}, float(T0 + 60)
    for alert in (alert_for("a1"), alert_for("a2", title="Учения ОДКБ"), alert_for("a3", source="ria")):
        alert.created = datetime.fromtimestamp(now, timezone.utc)
        assert plan(alert, sub, state, now + 5, 3600) == []
    tick = alert_for("t")
    tick.kind = "tick"
    assert plan(tick, sub, state, now + 60, 3600) == []
    (digest,) = plan(tick, sub, state, now + HOUR, 3600)
    assert [(a.id, a.also_in) for a in digest.articles] == [("a1", ["ria"]), ("a2", [])]
    assert json.loads(render.webhook_body(digest))["groups"] == {"CSTO — tass": ["a1", "a2"]}
    assert plan(tick, sub, state, now + HOUR + 5, 3600) == []


def test_realtime_copy_of_a_story_from_another_outlet_is_not_sent_again() -> None:
    sub, state = sub_of(), {}
    assert len(plan(alert_for("a1"), sub, state, T0, 3600)) == 1
    assert plan(alert_for("a2", title="Саммит в Минске - РИА Новости", source="ria"), sub, state, T0 + 5, 3600) == []
    assert len(plan(alert_for("a3", source="ria"), sub, state, T0 + 7200, 3600)) == 1


def test_outlet_tail_does_not_change_the_story() -> None:
    assert fingerprint("Саммит ОДКБ в Минске | ТАСС") == fingerprint("Саммит ОДКБ в Минске") != fingerprint("Учения")


def health(minute: int, new: int, status: str = FEED_OK) -> FeedHealth:
    return FeedHealth(feed_url="https://tass.example/rss", name="tass", status=status, new_entries=new,
                      at=datetime.fromtimestamp(T0 + minute * 60, timezone.utc), error="timeout" if new < 0 else None)


def test_silent_feed_reported_once_and_back_once() -> None:
    state, events = {}, []
    for minute, new, status in [(0, 2, FEED_OK), (10, 1, FEED_OK), (20, 3, FEED_OK), (30, 0, FEED_OK),
                                (45, 0, FEED_OK), (51, 0, FEED_ERROR), (60, 0, FEED_ERROR), (70, 4, FEED_OK),
                                (80, 1, FEED_OK)]:
        state, event = silence.observe(state, health(minute, new, status), factor=3)
        events.append((minute, event))
    assert [e for e in events if e[1]] == [(51, "silence"), (70, "back")]


def test_signature_is_hmac_of_timestamp_dot_body() -> None:
    body = b'{"a": 1}'
    expected = hmac.new(b"k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert sign("k", body, 1_700_000_000) == f"t=1700000000,v1={expected}"


def test_email_html_highlights_the_match_and_escapes_the_rest() -> None:
    article = enriched(entities=["CSTO"], title="<script>x</script> ОДКБ")
    alert = match_alert(sub_of(), article, article.mentions, update=False)
    page = render.html_text(alert, sub_of())
    assert "<mark>ОДКБ</mark>" in page and "<script>" not in page
    assert "[ОДКБ]" in render.plain_text(alert, sub_of())
