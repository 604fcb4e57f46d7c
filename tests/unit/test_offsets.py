"""Commit bookkeeping of the worker's consumer: an offset never moves past a record still in flight."""

from __future__ import annotations

from collections import defaultdict

from faust.types import TP
from intervaltree import IntervalTree

from processors.offsets import ContiguousCommitConsumer

RAW = TP("articles.raw", 0)


def consumer(committed: int, acked: list[int]) -> ContiguousCommitConsumer:
    """Only the bookkeeping faust's commit path reads; no broker, no app."""
    instance = object.__new__(ContiguousCommitConsumer)
    instance._committed_offset = defaultdict(lambda: None, {RAW: committed})
    instance._acked = defaultdict(list, {RAW: list(acked)})
    instance._acked_index = defaultdict(set, {RAW: set(acked)})
    instance._gap = defaultdict(IntervalTree)
    instance._is_changelog_tp = lambda tp: False  # type: ignore[method-assign]
    return instance


def test_no_commit_while_the_record_at_the_committed_offset_is_in_flight() -> None:
    assert consumer(committed=10, acked=[11, 12])._new_offset(RAW) is None
    assert consumer(committed=0, acked=[1])._new_offset(RAW) is None


def test_commit_moves_over_the_acked_run_that_starts_at_the_committed_offset() -> None:
    assert consumer(committed=10, acked=[10, 11, 13])._new_offset(RAW) == 12
