"""Faust agent: alerts.out (key = subscription id) -> rate limit / digest / syndication -> channels."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import faust

from mediamon.errors import RecordError
from mediamon.records import Alert
from mediamon.records.alerts import decode_json_record
from processors.alerts.delivery import STAGE, Deliverer
from processors.alerts.outbox import plan
from processors.deadletter import send_dead_letter

if TYPE_CHECKING:
    from processors.alerts.agent import AlertsContext


def register(ctx: AlertsContext) -> None:
    app, settings = ctx.app, ctx.settings
    states = app.Table("alerts-delivery", key_type=str,
                       partitions=settings.topic_partitions)

    @app.agent(ctx.topics.alerts_out, name=f"{settings.app_id}.alerts-deliver")
    async def deliver_alerts(stream: faust.StreamT) -> None:
        deliverer = Deliverer(settings, ctx.topics, ctx.counters)
        try:
            async for event in stream.events():
                await ctx.reader.ready.wait()
                try:
                    alert = decode_json_record(event.value, Alert)
                except RecordError as exc:
                    await send_dead_letter(ctx.topics.alerts_dlq, STAGE, "invalid record", exc, event.value, event)
                    ctx.counters.count(STAGE, "dead_lettered")
                    continue
                sub = ctx.state.index.get(alert.subscription_id)
                if sub is None or (sub.paused and alert.kind != "tick" and not alert.test):
                    ctx.counters.count(STAGE, "dropped")
                    continue
                state = dict(states.get(sub.id) or {})
                outgoing = [] if sub.paused else plan(alert, sub, state, time.time(), settings.alerts_story_window)
                for message in outgoing:
                    await deliverer.deliver(message, sub, state)
                if state.get("held") and ctx.pending is not None:
                    ctx.pending.add(sub.id)
                states[sub.id] = state
        finally:
            await deliverer.close()
