"""Faust wiring of alerts: articles.enriched -> match -> alerts.out -> deliver (webhook, e-mail, …).

Subscriptions: every worker follows the compacted topic (see reader.py). State that must survive a
restart lives in Faust tables (changelog topics): which (subscription, article) already alerted,
per-subscription delivery state (rate limit, digest, stories), spike counts and feed health.
"""

from __future__ import annotations

import asyncio
import json
from functools import partial

import faust

from mediamon.records import EnrichedArticle, decode_article
from mediamon.settings import Settings
from processors.alerts import deliver_agent, watch_agent
from processors.alerts.context import AlertsContext
from processors.alerts.reader import SubscriptionReader
from processors.alerts.repo import SubscriptionState
from processors.counters import Counters
from processors.deadletter import decode_or_dead_letter
from processors.pipeline_topics import PipelineTopics
from processors.subscriptions import build
from processors.subscriptions.sealing import sealer_for

STAGE = "alerts.match"


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    state = SubscriptionState(sealer_for(settings))
    ctx = AlertsContext(app, settings, topics, counters, state, SubscriptionReader(settings, state),
                        app.topic(f"{settings.app_id}-alerts-spike-hits", key_type=bytes, value_type=bytes,
                                  key_serializer="raw", value_serializer="raw", internal=True,
                                  partitions=settings.topic_partitions))
    dedup = app.Table("alerts-dedup", key_type=str, value_type=str, partitions=settings.topic_partitions)

    @app.task
    async def follow_subscriptions() -> None:
        await ctx.reader.run()

    @app.agent(topics.enriched, name=f"{settings.app_id}.alerts-match")
    async def match_articles(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await ctx.reader.ready.wait()
            # To alerts.dlq: the indexer dead-letters the same message to articles.dlq.
            article = await decode_or_dead_letter(event, partial(decode_article, record=EnrichedArticle),
                                                  ctx.topics.alerts_dlq, STAGE, ctx.counters)
            if article is not None:
                await match_one(ctx, dedup, article)

    deliver_agent.register(ctx)
    watch_agent.register(ctx)


async def match_one(ctx: AlertsContext, dedup: faust.Table, article: EnrichedArticle) -> None:
    """Alert each matching subscription once per article (again on an update only if it asks).

    The dedup entries are written only after the broker has acknowledged the alerts: a crash in
    between then means an alert sent twice (same alert id; the delivery agent folds it as a copy
    of a story it just sent), never an alert lost behind a "seen" mark.
    """
    sent = []
    for sub, mentions in ctx.state.index.match(article):
        key = f"{sub.id}|{article.id}"
        seen = dedup.get(key)
        version = article.version or "-"
        if seen is not None and (not sub.updates or seen == version):
            ctx.counters.count(STAGE, "duplicate")
            continue
        if sub.mode == "spike":
            hit = {"subscription_id": sub.id, "article_id": article.id, "at": article.published.timestamp()}
            acked = await ctx.spike_hits.send(key=sub.id.encode(), value=json.dumps(hit).encode())
        else:
            alert = build.match_alert(sub, article, mentions, update=seen is not None)
            acked = await ctx.topics.alerts_out.send(key=sub.id.encode(), value=alert.dumps())
        sent.append((key, version, acked))
    await asyncio.gather(*(acked for _, _, acked in sent))
    for key, version, _ in sent:
        dedup[key] = version
    ctx.counters.count(STAGE, "ok", len(sent))
