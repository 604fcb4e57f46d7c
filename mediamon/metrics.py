"""Every Prometheus metric mediamon exports, in one place, and the /metrics endpoint.

Labels are bounded on purpose (stage, outcome, channel, topic, partition): never article ids or
URLs, which would make one time series per article. Process memory and CPU come from
prometheus_client's default process collector on the same registry.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, start_http_server

from mediamon.records import FEED_ERROR, FEED_NOT_MODIFIED, EnrichedArticle, FeedHealth
from mediamon.settings import Settings

log = logging.getLogger(__name__)

# Seconds from an article's publication to each pipeline step: minutes to hours for slow feeds.
LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600)

FEEDS_POLLED = Counter("mediamon_feeds_polled_total", "Feed polls by outcome (ok, failed, not_modified).",
                       ["outcome"])
ARTICLES_PUBLISHED = Counter("mediamon_articles_published_total", "Articles the poller published to articles.raw.")
STAGE_RECORDS = Counter("mediamon_stage_records_total",
                        "Records each worker stage finished, by outcome (ok, duplicate, retried, dead_lettered, …).",
                        ["stage", "outcome"])
CONSUMER_LAG = Gauge("mediamon_consumer_lag_records", "Records not yet consumed, per topic and partition.",
                     ["topic", "partition"])
# Steps of the latency histogram; every value a label takes is listed, so dashboards can be checked.
LATENCY_STEPS = ("fetched", "enriched", "indexed", "alert_delivered")
PIPELINE_LATENCY = Histogram("mediamon_pipeline_latency_seconds",
                             "Seconds from an article's publication to a pipeline step (fetched, enriched, "
                             "indexed, alert_delivered).", ["step"], buckets=LATENCY_BUCKETS)
ALERT_DELIVERIES = Counter("mediamon_alert_deliveries_total", "Alert deliveries by channel and outcome.",
                           ["channel", "outcome"])
# A bulk of 500 takes tenths of a second; an overloaded cluster answers in seconds, a dead one times out.
BULK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
# answered: Elasticsearch replied (items may still be rejected); unavailable: connection error, 429 or
# 5xx for the whole request (retried); refused: any other error for the whole request (dead-lettered).
BULK_OUTCOMES = ("answered", "unavailable", "refused")
ES_BULK_SECONDS = Histogram("mediamon_es_bulk_duration_seconds", "Elasticsearch bulk request duration by outcome.",
                            ["outcome"], buckets=BULK_BUCKETS)
# retried: refused for now (429/503 back-pressure, index missing), sent again; dead_lettered: the
# document's own fault (mapping conflict…), sent to articles.dlq.
REJECTION_OUTCOMES = ("retried", "dead_lettered")
ES_BULK_REJECTED = Counter("mediamon_es_bulk_rejected_documents_total",
                           "Documents Elasticsearch rejected in bulk responses, by what happened to them.",
                           ["outcome"])



# FeedHealth status -> the outcome label (Prometheus label values in snake_case).
_FEED_OUTCOMES = {FEED_ERROR: "failed", FEED_NOT_MODIFIED: "not_modified"}


def observe_feed_poll(event: FeedHealth) -> None:
    """Count one finished feed poll from its health event (the poller's one outcome record).

    Articles count as published only on an ok poll: on an error Kafka may have taken part of them,
    and they are fetched and published again next poll.
    """
    outcome = _FEED_OUTCOMES.get(event.status, "ok")
    FEEDS_POLLED.labels(outcome=outcome).inc()
    if outcome == "ok":
        ARTICLES_PUBLISHED.inc(event.new_entries + event.updated_entries)


def observe_lag(committed: Mapping[tuple[str, int], int], ends: Mapping[tuple[str, int], int]) -> None:
    """Lag of the partitions this process owns, from the offsets liveness already reads."""
    for (topic, partition), end in ends.items():
        CONSUMER_LAG.labels(topic=topic, partition=str(partition)).set(max(end - committed.get((topic, partition), 0), 0))


def observe_latency(step: str, published: datetime, at: datetime) -> None:
    """Publication -> `step`. A feed's clock can run ahead of ours; such an article counts as zero
    seconds, not negative."""
    PIPELINE_LATENCY.labels(step=step).observe(max((at - published).total_seconds(), 0.0))


def observe_enriched(article: EnrichedArticle) -> None:
    """Publication -> fetched and -> enriched, from the timestamps the record carries."""
    for step, at in (("fetched", article.fetched), ("enriched", article.enriched)):
        if at is not None:
            observe_latency(step, article.published, at)


def observe_bulk(outcome: str, seconds: float, retried: int = 0, dead_lettered: int = 0) -> None:
    """One bulk request to Elasticsearch and the documents it rejected."""
    ES_BULK_SECONDS.labels(outcome=outcome).observe(seconds)
    for label, count in (("retried", retried), ("dead_lettered", dead_lettered)):
        if count:
            ES_BULK_REJECTED.labels(outcome=label).inc(count)


# Channel kinds are free text in a subscription record: anything else is "other", keeping labels bounded.
CHANNEL_KINDS = frozenset({"webhook", "email", "slack", "telegram"})


# Every value of the labels that form a closed set, per metric family: dashboards and alert rules are
# checked against it (stage, topic and partition are bounded by the topology instead).
LABEL_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "mediamon_feeds_polled": {"outcome": ("ok", *_FEED_OUTCOMES.values())},
    "mediamon_pipeline_latency_seconds": {"step": LATENCY_STEPS},
    "mediamon_alert_deliveries": {"channel": (*sorted(CHANNEL_KINDS), "other"), "outcome": ("delivered", "failed")},
    "mediamon_es_bulk_duration_seconds": {"outcome": BULK_OUTCOMES},
    "mediamon_es_bulk_rejected_documents": {"outcome": REJECTION_OUTCOMES},
}


def observe_delivery(channel_kind: str, delivered: bool) -> None:
    """One alert delivery (after retries) on a channel kind."""
    channel = channel_kind if channel_kind in CHANNEL_KINDS else "other"
    ALERT_DELIVERIES.labels(channel=channel, outcome="delivered" if delivered else "failed").inc()


def serve(port: int, process: str) -> bool:
    """Serve /metrics on `port` (0 = off); True when serving. Each process needs its own port."""
    if not port:
        return False
    start_http_server(port)
    log.info("%s: Prometheus metrics on http://127.0.0.1:%d/metrics", process, port)
    return True


# Series names each metric type exposes (a labelled metric has no samples before its first use).
_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def where(settings: Settings) -> str:
    """One line for `mediamon run`: where the local processes serve /metrics, or how to turn it on."""
    ports = {"worker": settings.metrics_port, "poller": settings.poller_metrics_port,
             "api": settings.api_metrics_port}
    serving = [f"{name} http://127.0.0.1:{port}/metrics" for name, port in ports.items() if port]
    if not serving:
        return "metrics: off (set MEDIAMON_METRICS_PORT / MEDIAMON_POLLER_METRICS_PORT to serve /metrics)"
    return "metrics: " + ", ".join(serving)


def exported_names() -> set[str]:
    """Series names our registry exposes, for checking dashboards and alert rules against."""
    names = set()
    for family in REGISTRY.collect():
        names.update(family.name + suffix for suffix in _SUFFIXES.get(family.type, ("",)))
        names.update(sample.name for sample in family.samples)
    return names
