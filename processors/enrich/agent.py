"""Faust agent: articles.raw -> enrich -> articles.enriched; invalid input -> articles.dlq.

A raw event is acked only after Kafka confirmed the enriched record (or dead letter) produced for
it, so an offset is never committed for an article whose output was not written, whatever happens
to the worker in between. Records are sent at once (faust 0.15.3 attaches sends to the event, to be
published at commit, only with `stream_publish_on_commit`, which is off; `force=True` keeps them
immediate should anyone turn it on) without waiting for each confirmation, so
consecutive records share produce requests; one acker awaits the confirmations and acks in arrival
order (commits never pass an unacked offset anyway: processors/kafka_compat.py).
(A batched variant with `noack_take` stalled after a rebalance on the local server.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import faust

from mediamon import metrics
from mediamon.records import decode_raw_article
from mediamon.settings import Settings
from processors.counters import Counters
from processors.deadletter import decode_or_dead_letter, send_dead_letter
from processors.enrich.pipeline import enrich_article, warm_up
from processors.enrich.story_follower import StoryFollower
from processors.pipeline_topics import PipelineTopics
from processors.stories.stream import tracker_for

log = logging.getLogger(__name__)
STAGE = "enrich"
# Records sent but not yet confirmed: enough to fill produce batches at any rate we reach, and a
# bound on memory and on re-enrichment after a crash. When Kafka stops confirming, reading stops.
MAX_IN_FLIGHT = 256


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    warm_up()
    stories = tracker_for(settings)
    follower = StoryFollower(settings, stories)

    @app.task
    async def follow_stories() -> None:
        await follower.run()

    async def enrich_one(event: faust.EventT) -> Awaitable | None:
        """Send the enriched record and return its pending confirmation; a dead letter (rare) is
        confirmed before this returns."""
        payload = event.value
        article = await decode_or_dead_letter(event, decode_raw_article, topics.dlq, STAGE, counters)
        if article is None:
            return None
        try:
            enriched = stories.assign(enrich_article(article))
        except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the stream
            await send_dead_letter(topics.dlq, STAGE, "enrichment failed", exc, payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return None
        metrics.observe_enriched(enriched)
        value = enriched.dumps()
        if len(value) > settings.max_message_bytes:
            # JSON escaping can triple Cyrillic text; the broker would refuse the record.
            await send_dead_letter(topics.dlq, STAGE, "too large",
                                   f"enriched record is {len(value)} bytes, limit {settings.max_message_bytes}",
                                   payload, event, key=article.id)
            counters.count(STAGE, "dead_lettered")
            return None
        return await topics.enriched.send(key=article.id.encode("utf-8"), value=value,
                                          force=True)

    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich_articles(stream: faust.StreamT) -> None:
        pending: asyncio.Queue[tuple[faust.EventT, Awaitable | None]] = asyncio.Queue(MAX_IN_FLIGHT)

        async def ack_in_order() -> None:
            while True:
                event, delivery = await pending.get()
                if delivery is not None:
                    try:
                        await delivery
                    except Exception as exc:  # noqa: BLE001 - the event stays unacked; restart re-reads it
                        await app.crash(exc)
                        return
                    counters.count(STAGE, "ok")
                await stream.ack(event)

        acker = asyncio.ensure_future(ack_in_order())
        try:
            async for event in stream.noack().events():
                # Stories first: an article enriched before the window is rebuilt could start a story
                # twice. The wait is inside the loop: an agent that has not started iterating its stream
                # before its partitions are assigned never receives their records (a restarted worker
                # with a non-empty enriched topic then enriched nothing).
                await follower.ready.wait()
                await pending.put((event, await enrich_one(event)))
        finally:
            acker.cancel()
