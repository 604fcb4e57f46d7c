"""Faust agents that watch rates rather than single articles: mention spikes and silent feeds."""

from __future__ import annotations

import json
import logging
import time
from functools import partial

import faust

from mediamon.records import FeedHealth
from mediamon.records.codec import decode_json_record
from processors.alerts.context import AlertsContext
from processors.deadletter import decode_or_dead_letter
from processors.subscriptions import build, silence, spike

log = logging.getLogger(__name__)
SPIKE_STAGE = "alerts.spike"
SILENCE_STAGE = "alerts.silence"


def register(ctx: AlertsContext) -> None:
    app, settings = ctx.app, ctx.settings
    spikes = app.Table("alerts-spikes", key_type=str, partitions=settings.topic_partitions)
    feeds = app.Table("alerts-feeds", key_type=str, partitions=settings.topic_partitions)

    @app.agent(ctx.spike_hits, name=f"{settings.app_id}.alerts-spike")
    async def count_mentions(stream: faust.StreamT) -> None:
        """Hits are keyed by subscription id, so one worker holds all counts of a subscription."""
        async for hit in stream:
            data = json.loads(hit)
            sub = ctx.state.index.get(data["subscription_id"])
            if sub is None or sub.mode != "spike":
                continue
            now = time.time()
            window = sub.spike_window
            current = spike.window_start(now, window)
            start = spike.window_start(min(data["at"], now), window)
            value = dict(spikes.get(sub.id) or {"counts": {}, "fired": None})
            value["counts"] = spike.add_mention(value["counts"], start, now)
            fire = (start == current and spike.is_spike(value["counts"], start, window, sub.spike_factor,
                                                         sub.spike_min_count)
                    and spike.first_of_spike(value["fired"], start, window))
            if fire:
                value["fired"] = start
            spikes[sub.id] = value
            if fire:
                count = value["counts"][str(start)]
                usual = spike.baseline(value["counts"], start, window)
                message = (f"{count} mentions of {', '.join(sub.entities)} in the last {window // 60} min, "
                           f"usually {usual:.1f} per {window // 60} min")
                alert = build.message_alert(sub.id, "spike", message, start)
                await ctx.topics.alerts_out.send(key=sub.id.encode(), value=alert.dumps())
                ctx.counters.count(SPIKE_STAGE, "ok")

    @app.agent(ctx.topics.feeds_health, name=f"{settings.app_id}.alerts-silence")
    async def watch_feeds(stream: faust.StreamT) -> None:
        async for event in stream.events():
            health = await decode_or_dead_letter(event, partial(decode_json_record, record=FeedHealth),
                                                 ctx.topics.alerts_dlq, SILENCE_STAGE, ctx.counters)
            if health is None:
                continue
            state, change = silence.observe(feeds.get(health.feed_url) or {}, health, settings.alerts_silence_factor)
            feeds[health.feed_url] = state
            if change is None:
                continue
            await ctx.reader.ready.wait()
            message = silence.describe(change, health, state)
            for sub in ctx.state.index.for_source(health.name):
                alert = build.message_alert(sub.id, change, message, health.feed_url, health.at.isoformat())
                await ctx.topics.alerts_out.send(key=sub.id.encode(), value=alert.dumps())
                ctx.counters.count(SILENCE_STAGE, "ok")
