"""Faust agent: alerts.out (key = subscription id) -> rate limit / digest / syndication -> channels."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from functools import partial

import faust

from mediamon.records import Alert
from mediamon.records.codec import decode_json_record
from processors.alerts.context import AlertsContext
from processors.alerts.delivery import STAGE, Deliverer
from processors.deadletter import decode_or_dead_letter
from processors.subscriptions import build
from processors.subscriptions.outbox import is_due, plan


def register(ctx: AlertsContext) -> None:
    app, settings = ctx.app, ctx.settings
    states = app.Table("alerts-delivery", key_type=str,
                       partitions=settings.topic_partitions)

    # Several actors deliver at once so one slow or dead receiver (retries, timeouts) does not hold
    # up every other subscription of its partition; a lock per subscription keeps each one's
    # messages in order and its state consistent.
    locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @app.agent(ctx.topics.alerts_out, name=f"{settings.app_id}.alerts-deliver",
               concurrency=settings.alerts_delivery_concurrency)
    async def deliver_alerts(stream: faust.StreamT) -> None:
        deliverer = Deliverer(settings, ctx.topics, ctx.counters)
        try:
            async for event in stream.events():
                await ctx.reader.ready.wait()
                alert = await decode_or_dead_letter(event, partial(decode_json_record, record=Alert),
                                                    ctx.topics.alerts_dlq, STAGE, ctx.counters)
                if alert is None:
                    continue
                async with locks[alert.subscription_id]:
                    await handle(alert, deliverer)
        finally:
            await deliverer.close()

    async def handle(alert: Alert, deliverer: Deliverer) -> None:
        sub = ctx.state.index.get(alert.subscription_id)
        if sub is None or (sub.paused and alert.kind != "tick" and not alert.test):
            ctx.counters.count(STAGE, "dropped")
            return
        state = dict(states.get(sub.id) or {})
        outgoing = [] if sub.paused else plan(alert, sub, state, time.time(), settings.alerts_story_window,
                                              settings.stories_horizon_days * 86400)
        for message in outgoing:
            await deliverer.deliver(message, sub, state)
        states[sub.id] = state

    @app.timer(settings.alerts_tick_seconds)
    async def ask_for_due_messages() -> None:
        """Tables change only while handling an event, so the timer asks, by a tick on alerts.out,
        the owner of each subscription with a due digest or summary to send it (reading is allowed)."""
        if not ctx.reader.ready.is_set():
            return
        now = time.time()
        for sub_id, state in list(states.items()):
            sub = ctx.state.index.get(sub_id)
            if sub is not None and not sub.paused and is_due(sub, state, now):
                await ctx.topics.alerts_out.send(key=sub_id.encode(), value=build.tick(sub_id))
