"""Prometheus metrics: what an operator scraping /metrics sees after stage work and feed polls."""

from __future__ import annotations

import urllib.request
from datetime import datetime, timezone

from mediamon import metrics
from mediamon.records import FEED_ERROR, FEED_NOT_MODIFIED, FEED_OK, FeedHealth
from mediamon.settings import free_port
from processors.counters import Counters


def _scrape(port: int) -> dict[str, float]:
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    values = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def _health(status: str, new: int = 0, updated: int = 0) -> FeedHealth:
    return FeedHealth(feed_url="http://feeds.example/a.xml", name="a", status=status,
                      at=datetime.now(timezone.utc), new_entries=new, updated_entries=updated)


def test_stage_outcomes_and_feed_polls_are_scraped_once_each() -> None:
    port = free_port()
    assert metrics.serve(port, "test")
    before = _scrape(port)
    counters = Counters()
    counters.count("enrich", "ok", 3)
    counters.count("enrich", "dead_lettered")
    counters.count("index", "retried", 0)
    for event in (_health(FEED_OK, new=4, updated=1), _health(FEED_NOT_MODIFIED), _health(FEED_ERROR, new=9)):
        metrics.observe_feed_poll(event)
    after = _scrape(port)

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew('mediamon_stage_records_total{outcome="ok",stage="enrich"}') == 3
    assert grew('mediamon_stage_records_total{outcome="dead_lettered",stage="enrich"}') == 1
    assert counters.get("enrich", "ok") == 3  # the log summary and Prometheus agree
    assert grew('mediamon_feeds_polled_total{outcome="ok"}') == 1
    assert grew('mediamon_feeds_polled_total{outcome="not_modified"}') == 1
    assert grew('mediamon_feeds_polled_total{outcome="failed"}') == 1
    assert grew("mediamon_articles_published_total") == 5  # the failed poll's entries are not counted
    assert after["process_resident_memory_bytes"] > 0


def test_port_zero_serves_nothing() -> None:
    assert not metrics.serve(0, "test")


def test_every_declared_metric_is_exported_with_bounded_labels() -> None:
    names = metrics.exported_names()
    for family in ("mediamon_feeds_polled_total", "mediamon_articles_published_total",
                   "mediamon_pipeline_latency_seconds_bucket", "mediamon_es_bulk_duration_seconds_count",
                   "mediamon_es_bulk_rejected_documents_total", "process_resident_memory_bytes",
                   "mediamon_consumer_lag_records", "mediamon_alert_deliveries_total",
                   "mediamon_stage_records_total"):
        assert family in names
    labelled = [metrics.STAGE_RECORDS, metrics.CONSUMER_LAG, metrics.PIPELINE_LATENCY, metrics.ALERT_DELIVERIES]
    for metric in labelled:
        assert not set(metric._labelnames) & {"id", "article_id", "url", "feed_url"}


def test_consumer_lag_is_end_minus_committed_per_partition() -> None:
    metrics.observe_lag({("articles.raw", 0): 7}, {("articles.raw", 0): 10, ("articles.raw", 1): 4})
    assert metrics.CONSUMER_LAG.labels(topic="articles.raw", partition="0")._value.get() == 3
    assert metrics.CONSUMER_LAG.labels(topic="articles.raw", partition="1")._value.get() == 4  # nothing committed yet


def test_latency_from_record_timestamps_never_negative() -> None:
    from datetime import timedelta

    from mediamon.records import EnrichedArticle

    published = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def article(published_at: datetime) -> EnrichedArticle:
        return EnrichedArticle(id="a", url="http://x/a", feed_url="http://x/f", source="x", title="t", text="",
                               published=published_at, fetched=published + timedelta(seconds=2),
                               enriched=published + timedelta(seconds=3))

    hist = metrics.PIPELINE_LATENCY.labels(step="enriched")
    sum_before, count_before = hist._sum.get(), _count(hist)
    metrics.observe_enriched(article(published))
    metrics.observe_enriched(article(published + timedelta(hours=1)))
    assert _count(hist) - count_before == 2
    assert hist._sum.get() - sum_before == 3.0  # the article "published" in the future counts as 0 s


def _count(hist) -> float:  # type: ignore[no-untyped-def]
    return sum(bucket.get() for bucket in hist._buckets)


def test_run_says_where_metrics_are_or_how_to_turn_them_on() -> None:
    from mediamon.settings import Settings

    assert "MEDIAMON_METRICS_PORT" in metrics.where(Settings(metrics_port=0, poller_metrics_port=0))
    shown = metrics.where(Settings(metrics_port=9464, poller_metrics_port=9465))
    assert "worker http://127.0.0.1:9464/metrics" in shown and "poller http://127.0.0.1:9465/metrics" in shown


def test_alert_deliveries_by_channel_kind_and_outcome() -> None:
    ok = metrics.ALERT_DELIVERIES.labels(channel="webhook", outcome="delivered")
    failed = metrics.ALERT_DELIVERIES.labels(channel="webhook", outcome="failed")
    ok_before, failed_before = ok._value.get(), failed._value.get()
    metrics.observe_delivery("webhook", True)
    metrics.observe_delivery("webhook", False)
    metrics.observe_delivery("webhook", False)
    assert (ok._value.get() - ok_before, failed._value.get() - failed_before) == (1, 2)


def test_unknown_channel_kinds_share_one_label() -> None:
    other = metrics.ALERT_DELIVERIES.labels(channel="other", outcome="failed")
    before = other._value.get()
    metrics.observe_delivery("http://attacker.example/unique-1", False)
    metrics.observe_delivery("http://attacker.example/unique-2", False)
    assert other._value.get() - before == 2


def test_bulk_requests_and_rejections_are_counted_by_outcome() -> None:
    answered = metrics.ES_BULK_SECONDS.labels(outcome="answered")
    retried = metrics.ES_BULK_REJECTED.labels(outcome="retried")
    dead = metrics.ES_BULK_REJECTED.labels(outcome="dead_lettered")
    before = (_count(answered), retried._value.get(), dead._value.get())
    metrics.observe_bulk("answered", 0.2, retried=3)
    metrics.observe_bulk("answered", 0.1, dead_lettered=1)
    assert (_count(answered), retried._value.get(), dead._value.get()) == (before[0] + 2, before[1] + 3, before[2] + 1)


def test_alert_latency_counts_realtime_matches_not_digests() -> None:
    from datetime import timedelta

    from mediamon.records import Alert, AlertArticle
    from processors.alerts.delivery import observe_delivered

    now = datetime.now(timezone.utc)
    article = AlertArticle(id="a", url="http://x/a", title="t", source="x", lang="en", published=now - timedelta(minutes=1))
    hist = metrics.PIPELINE_LATENCY.labels(step="alert_delivered")
    before = _count(hist)
    observe_delivered(Alert(id="1", subscription_id="s", kind="match", created=now, articles=[article, article]))
    observe_delivered(Alert(id="2", subscription_id="s", kind="digest", created=now, articles=[article]))
    assert _count(hist) - before == 2
