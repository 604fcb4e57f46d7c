"""Faust agent: articles.raw -> enrich -> articles.enriched; invalid input -> articles.dlq.

A batch of raw events is acknowledged only after Kafka confirmed every record it produced, so an
offset is never committed for an article whose enriched record (or dead letter) was not written,
whatever happens to the worker in between. Sends use `force=True` because faust would otherwise
attach them to the event and publish them only at commit time, which never comes for events we
have not acknowledged yet.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import faust

from mediamon.errors import RecordError
from mediamon.records import decode_raw_article
from mediamon.settings import Settings
from processors.counters import Counters
from processors.deadletter import send_dead_letter
from processors.enrich.pipeline import enrich_article, warm_up
from processors.streams import PipelineTopics

STAGE = "enrich"


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    warm_up()

    async def enrich_one(event: faust.EventT) -> Awaitable[object] | None:
        """Produce the enriched record (or a dead letter); returns the pending delivery."""
        payload = event.value
        try:
            article = decode_raw_article(payload)
        except RecordError as exc:
            await send_dead_letter(topics.dlq, STAGE, "invalid record", exc, payload, event)
            counters.count(STAGE, "dead_lettered")
            return None
        try:
            enriched = enrich_article(article)
        except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the stream
            await send_dead_letter(topics.dlq, STAGE, "enrichment failed", exc, payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return None
        value = enriched.dumps()
        if len(value) > settings.max_message_bytes:
            # JSON escaping can triple Cyrillic text; the broker would refuse the record.
            await send_dead_letter(topics.dlq, STAGE, "too large",
                                   f"enriched record is {len(value)} bytes, limit {settings.max_message_bytes}",
                                   payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return None
        counters.count(STAGE, "ok")
        return await topics.enriched.send(key=article.id.encode("utf-8"), value=value,
                                          value_serializer="raw", force=True)

    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich_articles(stream: faust.StreamT) -> None:
        async for events in stream.noack_take(settings.enrich_batch_size, within=settings.enrich_batch_seconds):
            deliveries = [delivery for event in events if (delivery := await enrich_one(event)) is not None]
            await asyncio.gather(*deliveries)
            for event in events:
                await stream.ack(event)
