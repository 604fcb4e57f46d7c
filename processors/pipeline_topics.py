"""The Faust topic objects of one app, declared once from `mediamon.topology` and shared by agents."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from mediamon.records import DeadLetter
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
    """Every topic an agent reads carries bytes so the agent validates payloads itself and
    dead-letters bad ones; faust would otherwise log a decode error and skip the message, losing it.
    Dead-letter topics are written as records, never read by an agent."""

    raw: faust.TopicT
    enriched: faust.TopicT
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
        enriched=raw_bytes(ARTICLES_ENRICHED),
        dlq=app.topic(settings.topic(ARTICLES_DLQ), key_type=bytes, value_type=DeadLetter,
                      key_serializer="raw", partitions=settings.topic_partitions),
        alerts_subscriptions=raw_bytes(ALERTS_SUBSCRIPTIONS),
        alerts_out=raw_bytes(ALERTS_OUT),
        alerts_dlq=app.topic(settings.topic(ALERTS_DLQ), key_type=bytes, value_type=DeadLetter,
                             key_serializer="raw", partitions=settings.topic_partitions),
        feeds_health=raw_bytes(FEEDS_HEALTH),
    )
