"""Every place mediamon changes faust or aiokafka internals, checked against the versions it was verified on.

Both libraries are pinned to exact versions in pyproject.toml. At import this module checks that the
installed versions are those, and that every private attribute it overrides or reads still exists; if
not, it fails with `KafkaCompatError` naming what to re-verify, instead of a worker that silently
loses records. To upgrade: re-run the reproduction (`bench/repro_faust_commit_gap.py`, report text
in `docs/upstream/faust-commit-past-in-flight.md`), `tests/unit/test_kafka_compat.py`,
`tests/integration/test_fetch_pacing.py` and `make chaos`, then change VERIFIED_VERSIONS.

Three adaptations:

1. `ContiguousCommitConsumer` (every worker): never commit an offset past a pipeline record that no
   agent processed, and re-read what was skipped.
   - faust treats a jump in the offsets it reads (114, then 470) as a "gap" of offsets that do not
     exist (compaction, transaction markers) and commits across it. Our pipeline topics have no
     holes (no compaction, no transactions, idempotent producers), so a jump means records were
     fetched but never handed to an agent (a rebalance cut a batch short): measured on the
     two-worker fault test, offsets 115-469 of one `articles.raw` partition were committed without an
     enriched record. Without the gap commit the committed offset stays put, the lag shows, and the
     liveness check (processors/liveness.py) restarts the worker, which reads the records again.
   - After a rebalance faust seeks every partition to its committed offset; where the broker reports
     none, aiokafka leaves the fetch position where it was and faust commits from the first record
     it happens to process. Such partitions are sought to their earliest offset, which is what
     `consumer_auto_offset_reset="earliest"` promises (also for a committed offset retention deleted).
   - faust 0.15.3 commits past a record still in flight when a later one was acked first: with offset
     10 next to commit and only 11 acked it commits 12 (`Consumer._new_offset` tests
     `min(acked) - committed > 1`), and a crash before 10 finishes loses it. A pipeline partition's
     offset moves only once the record at the committed offset itself was acked.
   - A record can also be fetched and never handed to an agent with nothing after it to show a gap
     (measured once in CI: a worker started while the record was already in `articles.raw` sat for
     two minutes at the committed offset with the record unread). When a partition has been behind
     for a quarter of the stall limit with no record of it in an agent's hands, liveness seeks it
     back to its committed offset (`reread`), so the record is fetched again instead of waiting
     for the stall exit.
   Changelog topics of faust tables are compacted, so they keep faust's gap handling and seeking.

2. `PacedFetcher` (only where the settings ask for it, i.e. on the local server): Kafka holds a fetch
   that finds no data for `fetch.max.wait.ms`; noida-db answers at once, so every idle aiokafka
   consumer re-sent fetches in a tight loop (an idle worker at 99-110 % CPU, ~1,300 fetches/s).
   After an empty answer that came back sooner than MIN_EMPTY_FETCH_SECONDS the fetcher waits out
   the rest, so a record arriving meanwhile waits at most that long. Against Kafka an empty answer
   takes the full wait, so it would never sleep there; it is still off there, to keep the patch out
   of production.

3. `RejoiningGroupCoordinator` (every worker): survive a rebalance answer that assigns this member
   nothing at all.
   - A SyncGroup answer may carry empty assignment bytes: the broker sends them to a member the
     leader's plan left out (it joined while the leader was computing). aiokafka 0.14.0 decodes
     them as a consumer assignment, `struct.error` ends its coordination task, and the consumer
     never rejoins: measured on the two-worker fault test (1 run in 3), the surviving worker held
     no partition, and its restarted peer waited for tables forever. Such an answer now means no
     partitions for this generation and a rejoin, so the next generation includes this member.
   - Any other exception that ends the coordination task leaves a consumer that can never rejoin;
     it is recorded (`coordination_failure`) so liveness exits for the supervisor to restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from importlib.metadata import version
from typing import Any

import faust
from aiokafka.consumer import consumer as aiokafka_consumer
from aiokafka.consumer.fetcher import Fetcher
from aiokafka.consumer.group_coordinator import GroupCoordinator
from aiokafka.errors import IllegalStateError
from faust.transport.consumer import Consumer as FaustBaseConsumer
from faust.transport.drivers.aiokafka import Consumer
from faust.types import TP

from mediamon.errors import MediamonError

log = logging.getLogger(__name__)

VERIFIED_VERSIONS = {"faust-streaming": "0.15.3", "aiokafka": "0.14.0"}
# Methods overridden or called, and attributes read, per class (annotations count: faust declares
# its bookkeeping dicts in the class body and fills them in __init__).
USED_INTERNALS: dict[type, tuple[str, ...]] = {
    Consumer: ("_add_gap", "_new_offset", "perform_seek", "_is_changelog_tp", "earliest_offsets", "seek",
               "assignment"),
    FaustBaseConsumer: ("_committed_offset", "_acked", "_unacked_messages"),
    Fetcher: ("_proc_fetch_request",),
    GroupCoordinator: ("_on_join_complete", "_coordination_routine", "request_rejoin"),
}
MIN_EMPTY_FETCH_SECONDS = 0.05


class KafkaCompatError(MediamonError):
    """The installed faust/aiokafka differ from the versions these adaptations were verified on."""


def _declares(cls: type, name: str) -> bool:
    return any(name in vars(klass) or name in getattr(klass, "__annotations__", {}) for klass in cls.__mro__)


def check_compatibility() -> None:
    """Raise KafkaCompatError unless the pinned versions and every internal we touch are present."""
    problems = [f"{package} {version(package)} is installed, {wanted} was verified"
                for package, wanted in VERIFIED_VERSIONS.items() if version(package) != wanted]
    problems += [f"{cls.__module__}.{cls.__qualname__}.{name} no longer exists"
                 for cls, names in USED_INTERNALS.items() for name in names if not _declares(cls, name)]
    if problems:
        raise KafkaCompatError(
            "processors/kafka_compat.py adapts faust/aiokafka internals and must be re-verified: "
            + "; ".join(problems) + " (see the module docstring for the checks to re-run)")


check_compatibility()


class ContiguousCommitConsumer(Consumer):
    """faust's aiokafka consumer: on pipeline topics no gap commits, no commit past a record in flight,
    and a start from the earliest offset when no committed offset is still in the log."""

    #: Set when records of a pipeline partition were skipped: this consumer will not read them
    #: again, so the worker should restart now rather than wait out the stall limit.
    skipped: str | None = None

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        if self._is_changelog_tp(tp):
            await super()._add_gap(tp, offset_from, offset_to)
            return
        self.skipped = f"offsets {offset_from}-{offset_to} of {tp.topic}[{tp.partition}]"
        log.warning("%s were skipped without being processed; the committed offset stays before them",
                    self.skipped)

    def _new_offset(self, tp: TP) -> int | None:
        committed, acked = self._committed_offset[tp], self._acked[tp]
        if acked and committed is not None and not self._is_changelog_tp(tp) and min(acked) > committed:
            return None  # the record at `committed` is still being processed
        return super()._new_offset(tp)

    async def perform_seek(self) -> None:
        await super().perform_seek()
        pipeline = [tp for tp in self.assignment() if not self._is_changelog_tp(tp)]
        if not pipeline:
            return
        earliest = await self.earliest_offsets(*pipeline)
        for tp in pipeline:
            offset, committed = earliest.get(tp), self._committed_offset.get(tp)
            # No committed offset, or one that retention already deleted: both start at the earliest
            # record, and the bookkeeping must say so or `_new_offset` would wait for a record
            # that no longer exists.
            if offset is not None and (committed is None or committed < offset):
                log.info("%s[%d] has no committed offset still in the log (%s): reading from its earliest, %d",
                         tp.topic, tp.partition, committed, offset)
                await self.seek(tp, offset)
                self._committed_offset[tp] = offset


    async def reread(self, tp: TP, committed: int | None) -> bool:
        """Fetch `tp` again from its committed offset (its earliest when there is none) unless a record
        of it is still in an agent's hands; True when it sought."""
        if tp not in self.assignment() or any(message.tp == tp for message in list(self._unacked_messages)):
            return False  # a rebalance took it since liveness looked, or an agent is still on it
        offset = committed if committed is not None else (await self.earliest_offsets(tp)).get(tp)
        if offset is None:
            return False
        try:
            await self.seek(tp, offset)
        except IllegalStateError:  # revoked between the check and the seek: its next owner reads it
            return False
        return True


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
                # Same contract as aiokafka's own method, which returns False when cancelled (close
                # or lost assignment): its fetch routine reads every finished task's result, and a
                # cancelled one ends the routine. Propagating it hung worker shutdown (measured:
                # tests/integration/test_indexer_worker.py's outage test, the worker needed SIGKILL).
                return got_records
        return got_records


class RejoiningGroupCoordinator(GroupCoordinator):
    """aiokafka's group coordinator: an empty assignment means no partitions and a rejoin, and a
    coordination task that dies says why instead of leaving a consumer that never rejoins."""

    #: Why group coordination ended in this process, if it did (a worker process has one group
    #: consumer; liveness reads this).
    coordination_failure: str | None = None

    async def _on_join_complete(self, generation: int, member_id: str, protocol: str,
                                member_assignment_bytes: bytes) -> None:
        if member_assignment_bytes:
            await super()._on_join_complete(generation, member_id, protocol, member_assignment_bytes)
            return
        log.warning("group %s generation %s: the leader assigned member %s nothing (empty assignment); "
                    "holding no partitions and rejoining", self.group_id, generation, member_id)
        # Stop fetching the partitions revoked before this join; faust's assignor is skipped, as it
        # needs the metadata an empty answer lacks, and sees the next generation's assignment.
        self._subscription.assign_from_subscribed(set())
        self.request_rejoin()

    async def _coordination_routine(self) -> None:
        try:
            await super()._coordination_routine()
        except Exception as exc:
            RejoiningGroupCoordinator.coordination_failure = f"group {self.group_id}: {exc}"
            raise


def use_contiguous_commits(app: faust.App) -> None:
    """Call from the app factory: the transport creates the consumer only when the worker starts."""
    app.transport.Consumer = ContiguousCommitConsumer


def rejoin_on_empty_assignments() -> None:
    """Every aiokafka group consumer this process starts from now on uses the rejoining coordinator."""
    aiokafka_consumer.GroupCoordinator = RejoiningGroupCoordinator


def pace_empty_fetches() -> None:
    """Every aiokafka consumer this process starts from now on uses the paced fetcher."""
    aiokafka_consumer.Fetcher = PacedFetcher
