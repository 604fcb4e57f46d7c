"""Never commit an offset past a pipeline record that no agent processed, and re-read what was skipped.

faust treats a jump in the offsets it reads (say 114, then 470) as a "gap" of offsets that do not
exist (compacted away, or transaction markers) and commits across it. On our topics offsets have
no holes (no compaction, no transactions; the producers are idempotent), so a jump only means the
consumer's fetch position moved past records that were fetched but never handed to an agent, which
happens when a rebalance cuts a batch short. Committing across it loses those records silently:
measured on the two-worker fault test, offsets 115-469 of one `articles.raw` partition were
committed without an enriched record (deploy/RELIABILITY.md). Without the gap commit the
committed offset stays put, the lag shows, and the liveness check restarts the worker
(processors/liveness.py), which reads the records again from the committed offset.

Second, after a rebalance faust seeks every partition to its committed offset; where the broker
reports none, aiokafka leaves the fetch position where it was (possibly past records fetched and
dropped before the rebalance) and faust's commit bookkeeping has no lower bound, so it commits
from the first record it happens to process. Measured on the local server after a static member's
return: the restarted worker read two `articles.raw` partitions to the end, processed nothing and
the offsets before them were lost. Such partitions are sought to their earliest offset, which is
what `consumer_auto_offset_reset="earliest"` promises for a partition without a committed offset
(and for one whose committed offset retention has deleted).
Third, faust 0.15 commits past a record still in flight when a later one was acked first
(several actors of one agent, or pipelined sends): with offset 10 next to commit and only 11
acked it commits 12, and a crash before 10 finishes loses it. A pipeline partition's offset moves
only once the record at the committed offset itself was acked.
Changelog topics of faust tables are compacted, so they keep faust's gap handling and seeking.
"""

from __future__ import annotations

import logging

import faust
from faust.transport.drivers.aiokafka import Consumer
from faust.types import TP

log = logging.getLogger(__name__)


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


def use_contiguous_commits(app: faust.App) -> None:
    """Call from the app factory: the transport creates the consumer only when the worker starts."""
    app.transport.Consumer = ContiguousCommitConsumer
