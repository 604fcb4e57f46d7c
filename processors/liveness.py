"""Worker heartbeat and liveness: a worker that stopped making progress exits so it is restarted.

Every few seconds the worker writes its assigned partitions, outcome counts and how long it has been
stalled to a heartbeat file (`mediamon health worker` reads it). Stalled means: a partition it owns
has records after the group's committed offset and that committed offset has not moved for
`worker_stall_seconds`, or it has owned no partition for that long, or its consumer skipped
records or its group coordination ended (processors/kafka_compat.py). All happen after a rebalance
goes wrong (records fetched but never handed to an agent, an assignment that never comes; see
deploy/RELIABILITY.md); the fix that works the same on real Kafka is a fresh consumer, so the worker
exits with EXIT_STALLED and its supervisor (compose `restart: unless-stopped`, systemd, Kubernetes)
starts it again, and it resumes from the committed offsets. A cheaper cure comes first: at a quarter
of the limit a stuck partition with none of its records in an agent's hands is read again from its
committed offset, which recovers a record that was fetched and dropped without a restart.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import faust
from aiokafka.admin import AIOKafkaAdminClient
from faust.types import TP
from kafka.errors import KafkaError

from mediamon import metrics
from mediamon.health import beat
from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings
from processors.counters import Counters
from processors.kafka_compat import ContiguousCommitConsumer, RejoiningGroupCoordinator
from processors.pipeline_topics import PipelineTopics

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10.0
# EX_TEMPFAIL from sysexits.h: "try again later", which is what a restart does.
EXIT_STALLED = 75

Partition = tuple[str, int]


@dataclass
class StallWatch:
    """Seconds without progress, from successive looks at committed and end offsets: the longest
    time any owned partition has been behind with its committed offset not moving (one stuck
    partition is a stall even while the others advance), or the time since it owned any."""

    started: float
    _committed: dict[Partition, int] = field(default_factory=dict)
    _progress_at: dict[Partition, float] = field(default_factory=dict)
    _assigned_at: float | None = None
    _reread: set[Partition] = field(default_factory=set)

    def observe(self, committed: Mapping[Partition, int], ends: Mapping[Partition, int], now: float) -> float:
        """`committed` and `ends` cover the partitions this worker owns (empty: it owns none)."""
        if not ends:
            self._committed, self._progress_at = {}, {}
            return now - (self._assigned_at if self._assigned_at is not None else self.started)
        self._assigned_at = now
        progress_at = {}
        for tp, end in ends.items():
            offset = committed.get(tp)
            behind = end > (offset or 0)
            moved = tp not in self._progress_at or self._committed.get(tp) != offset
            progress_at[tp] = now if moved or not behind else self._progress_at[tp]
        self._committed, self._progress_at = dict(committed), progress_at
        self._reread = {tp for tp in self._reread if progress_at.get(tp, now) != now}
        return now - min(progress_at.values())

    def due_for_reread(self, now: float, after: float) -> dict[Partition, int | None]:
        """Partitions behind with no commit for `after` seconds, each once per stall, with the committed
        offset to read them again from (None: the group has none)."""
        due = {tp: self._committed.get(tp) for tp, since in self._progress_at.items()
               if now - since >= after and tp not in self._reread}
        self._reread.update(due)
        return due


class Liveness:
    """Reads the group's committed offsets with an admin client of its own (the consumer's are faust's)."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app, self.settings = app, settings
        self.watch = StallWatch(started=time.monotonic())
        self._admin: AIOKafkaAdminClient | None = None

    async def _committed(self) -> dict[Partition, int]:
        if self._admin is None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.settings.kafka_bootstrap,
                                        **kafka_client_options(self.settings))
            await admin.start()
            self._admin = admin
        offsets = await self._admin.list_consumer_group_offsets(self.app.conf.id)
        return {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items() if meta.offset >= 0}

    async def stalled_seconds(self) -> float | None:
        """None when the offsets cannot be read (Kafka away): no judgement then."""
        consumer = self.app.consumer
        changelogs = self.app.tables.changelog_topics
        owned = [tp for tp in consumer.assignment() if tp.topic not in changelogs]
        try:
            # End offsets from the broker: a partition the consumer never fetches has no highwater.
            ends = {(tp.topic, tp.partition): end for tp, end in (await consumer.highwaters(*owned)).items()
                    if end is not None} if owned else {}
            committed = await self._committed() if owned else {}
        except (KafkaError, OSError, AssertionError) as exc:  # aiokafka asserts when a rebalance took a partition
            log.warning("liveness: cannot read offsets (%r)", exc)
            return None
        metrics.observe_lag(committed, ends)
        return self.watch.observe({tp: committed[tp] for tp in ends if tp in committed}, ends, time.monotonic())

    async def reread_stuck(self) -> None:
        """Seek partitions stuck for a quarter of the stall limit back to their committed offsets: a record
        fetched but never handed to an agent is read again long before the stall exit."""
        consumer = self.app.consumer
        if not isinstance(consumer, ContiguousCommitConsumer):
            return
        for (topic, partition), committed in self.watch.due_for_reread(
                time.monotonic(), self.settings.worker_stall_seconds / 4).items():
            try:
                sought = await consumer.reread(TP(topic, partition), committed)
            except (KafkaError, OSError) as exc:  # not fatal: the stall exit stays the fallback
                log.warning("liveness: cannot read %s[%d] again (%r)", topic, partition, exc)
                continue
            if sought:
                log.warning("liveness: %s[%d] has had records after its committed offset %s and no commit for "
                            "%.0f s with none of them in an agent's hands; reading it again from there",
                            topic, partition, committed, self.settings.worker_stall_seconds / 4)


def stall_reason(skipped: str | None, coordination_failure: str | None, stalled: float | None,
                 stall_limit: float) -> str | None:
    """Why this worker must exit for its supervisor to restart it, or None while it is sound."""
    if skipped:
        return f"{skipped} skipped"
    if coordination_failure:
        return f"group coordination ended ({coordination_failure}): this consumer can never rejoin"
    if stalled is not None and stalled >= stall_limit:
        return f"no progress for {stalled:.0f} s (lag or no assignment)"
    return None


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    liveness = Liveness(app, settings)

    @app.timer(HEARTBEAT_SECONDS)
    async def heartbeat() -> None:
        assigned = len(app.consumer.assignment()) if app.consumer else 0
        stalled = await liveness.stalled_seconds()
        await liveness.reread_stuck()
        beat(settings, "worker", stage=app.mediamon_stage, assigned_partitions=assigned, counts=counters.summary(),
             stalled_seconds=round(stalled or 0.0, 1))
        if counters.summary():
            log.info("worker: %d partitions; %s", assigned, counters.summary())
        reason = stall_reason(getattr(app.consumer, "skipped", None), RejoiningGroupCoordinator.coordination_failure,
                              stalled, settings.worker_stall_seconds)
        if reason:
            log.error("worker: %s, %d partitions; exiting with %d so the supervisor restarts it", reason, assigned,
                      EXIT_STALLED)
            # An orderly faust shutdown would wait on the same stuck consumer; exiting at once is a
            # crash the pipeline already survives (at-least-once, idempotent ids).
            os._exit(EXIT_STALLED)
