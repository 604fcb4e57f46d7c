"""Worker heartbeat: writes assigned partitions and outcome counts every few seconds.

`mediamon health worker` (the container healthcheck) reads it; a stale file means a stuck worker.
"""

from __future__ import annotations

import logging

import faust

from mediamon.health import beat
from mediamon.settings import Settings
from processors.counters import Counters
from processors.streams import PipelineTopics

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10.0


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    @app.timer(HEARTBEAT_SECONDS)
    async def heartbeat() -> None:
        assigned = len(app.consumer.assignment()) if app.consumer else 0
        beat(settings, "worker", assigned_partitions=assigned, counts=counters.summary())
        if counters.summary():
            log.info("worker: %d partitions; %s", assigned, counters.summary())
