"""Pace consumers whose server answers an empty fetch at once instead of holding it.

Kafka holds a fetch that finds no data for `fetch.max.wait.ms` (faust asks 1.5 s, aiokafka's
default is 0.5 s), so an idle consumer sends a few requests a second. noida-db, the local
server, answers at once: every idle aiokafka consumer then re-sends fetches in a tight loop, and
an idle worker burned a whole core (measured: 99-110 % CPU, about 1,300 fetches/s). After an empty
answer that came back sooner than MIN_EMPTY_FETCH_SECONDS the fetcher waits out the rest, so a
record arriving meanwhile waits at most that long. Against Kafka an empty answer takes the full
wait, so this never sleeps there. It relies on aiokafka's fetcher internals: aiokafka is pinned.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka.consumer import consumer as aiokafka_consumer
from aiokafka.consumer.fetcher import Fetcher

MIN_EMPTY_FETCH_SECONDS = 0.05


class PacedFetcher(Fetcher):
    """aiokafka's fetcher, holding a node's next fetch after an early empty answer."""

    async def _proc_fetch_request(self, assignment: Any, node_id: int, request: Any) -> bool:
        started = time.monotonic()
        got_records = await super()._proc_fetch_request(assignment, node_id, request)
        idle = MIN_EMPTY_FETCH_SECONDS - (time.monotonic() - started)
        if not got_records and idle > 0:
            try:
                await asyncio.sleep(idle)
            except asyncio.CancelledError:
                pass  # closing or reassigned: aiokafka expects its fetch tasks to end quietly
        return got_records


def pace_empty_fetches() -> None:
    """Every aiokafka consumer this process starts from now on uses the paced fetcher."""
    aiokafka_consumer.Fetcher = PacedFetcher
