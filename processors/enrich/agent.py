"""Faust agent: articles.raw -> enrich -> articles.enriched; invalid input -> articles.dlq."""

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
    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich_articles(stream: faust.StreamT) -> None:
        async for event in stream.events():
            payload = event.value
            try:
                article = decode_raw_article(payload)
            except RecordError as exc:
                await send_dead_letter(topics.dlq, STAGE, "invalid record", exc, payload, event)
                counters.count(STAGE, "dead_lettered")
                continue
            try:
                enriched = enrich_article(article)
            except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the stream
                await send_dead_letter(topics.dlq, STAGE, "enrichment failed", exc, payload, event,
                                       key=article.id)
                counters.count(STAGE, "dead_lettered")
                continue
            await topics.enriched.send(key=article.id.encode("utf-8"), value=enriched)
            counters.count(STAGE, "ok")
