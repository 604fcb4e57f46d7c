"""Faust agent: articles.raw -> enrich -> articles.enriched; invalid input -> articles.dlq.

faust acknowledges a raw event when the agent asks for the next one; by then Kafka has confirmed
the enriched record (or dead letter) produced for it, so an offset is never committed for an
article whose output was not written, whatever happens to the worker in between. Sends use
`force=True` because faust would otherwise attach them to the event and publish them only at
commit time. (A batched variant with `noack_take` stalled after a rebalance on the local server.)
"""

from __future__ import annotations

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

    async def enrich_one(event: faust.EventT) -> None:
        """Produce the enriched record (or a dead letter) and wait until Kafka confirmed it."""
        payload = event.value
        try:
            article = decode_raw_article(payload)
        except RecordError as exc:
            await send_dead_letter(topics.dlq, STAGE, "invalid record", exc, payload, event)
            counters.count(STAGE, "dead_lettered")
            return
        try:
            enriched = enrich_article(article)
        except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the stream
            await send_dead_letter(topics.dlq, STAGE, "enrichment failed", exc, payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return
        value = enriched.dumps()
        if len(value) > settings.max_message_bytes:
            # JSON escaping can triple Cyrillic text; the broker would refuse the record.
            await send_dead_letter(topics.dlq, STAGE, "too large",
                                   f"enriched record is {len(value)} bytes, limit {settings.max_message_bytes}",
                                   payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return
        delivery = await topics.enriched.send(key=article.id.encode("utf-8"), value=value,
                                              value_serializer="raw", force=True)
        await delivery
        counters.count(STAGE, "ok")

    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich_articles(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await enrich_one(event)
