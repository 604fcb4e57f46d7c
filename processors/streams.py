"""The Faust topic objects of one app, declared once from `mediamon.topology` and shared by agents."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from mediamon.records import DeadLetter, EnrichedArticle
from mediamon.settings import Settings
from mediamon.topology import (
    ALERTS_DLQ,
    ALERTS_OUT,
    ALERTS_SUBSCRIPTIONS,
    ARTICLES_DLQ,
    ARTICLES_ENRICHED,
    ARTICLES_RAW,
    FEEDS_HEALTH,
)


@dataclass(frozen=True)
class PipelineTopics:
    """Raw topics carry bytes so each agent validates payloads itself and dead-letters bad ones;
    faust would otherwise log a decode error and skip the message, losing it. `enriched_bytes` is
    the same Kafka topic as `enriched` read as bytes (the indexer builds documents from the JSON
    itself); faust decodes a message once per value type, so both can be consumed in one app."""

    raw: faust.TopicT
    enriched: faust.TopicT
    enriched_bytes: faust.TopicT
    dlq: faust.TopicT
    alerts_subscriptions: faust.TopicT
    alerts_out: faust.TopicT
    alerts_dlq: faust.TopicT
    feeds_health: faust.TopicT


def declare_topics(app: faust.App, settings: Settings) -> PipelineTopics:
    def raw_bytes(name: str) -> faust.TopicT:
        return app.topic(settings.topic(name), key_type=bytes, value_type=bytes,
                         key_serializer="raw", value_serializer="raw",
                         partitions=settings.topic_partitions)

    return PipelineTopics(
        raw=raw_bytes(ARTICLES_RAW),
        enriched=app.topic(settings.topic(ARTICLES_ENRICHED), key_type=bytes, value_type=EnrichedArticle,
                           key_serializer="raw", partitions=settings.topic_partitions),
        enriched_bytes=raw_bytes(ARTICLES_ENRICHED),
        dlq=app.topic(settings.topic(ARTICLES_DLQ), key_type=bytes, value_type=DeadLetter,
                      key_serializer="raw", partitions=settings.topic_partitions),
        alerts_subscriptions=raw_bytes(ALERTS_SUBSCRIPTIONS),
        alerts_out=raw_bytes(ALERTS_OUT),
        alerts_dlq=app.topic(settings.topic(ALERTS_DLQ), key_type=bytes, value_type=DeadLetter,
                             key_serializer="raw", partitions=settings.topic_partitions),
        feeds_health=raw_bytes(FEEDS_HEALTH),
    )
