"""Every Kafka topic of the pipeline in one place: name, key, value record, dead-letter topic.

poll -> articles.raw -> enrich -> articles.enriched -> index (Elasticsearch) / alerts
Keys are article ids (UTF-8); values are JSON records from `mediamon.records`.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLES_RAW = "articles.raw"
ARTICLES_ENRICHED = "articles.enriched"
ARTICLES_DLQ = "articles.dlq"
ALERTS_SUBSCRIPTIONS = "alerts.subscriptions"
ALERTS_OUT = "alerts.out"
ALERTS_DLQ = "alerts.dlq"
FEEDS_HEALTH = "feeds.health"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    value: str
    dead_letter: str | None
    compacted: bool = False


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(ARTICLES_RAW, "RawArticle", ARTICLES_DLQ),
    TopicSpec(ARTICLES_ENRICHED, "EnrichedArticle", ARTICLES_DLQ),
    TopicSpec(ARTICLES_DLQ, "DeadLetter", None),
    TopicSpec(ALERTS_SUBSCRIPTIONS, "Subscription", None, compacted=True),
    TopicSpec(ALERTS_OUT, "Alert", ALERTS_DLQ),
    TopicSpec(ALERTS_DLQ, "DeadLetter", None),
    TopicSpec(FEEDS_HEALTH, "FeedHealth", None),
)
