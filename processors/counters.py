"""Outcome counters per stage (ok / duplicate / retried / dead_lettered), each outcome counted once.

The one place outcomes are counted: the Prometheus counter follows from here, never beside it.
"""

from __future__ import annotations

import logging
from collections import Counter

from mediamon.metrics import STAGE_RECORDS

log = logging.getLogger(__name__)


class Counters:
    """In-process counts a worker logs periodically; the `run` status line reads Kafka/ES instead."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()

    def count(self, stage: str, outcome: str, n: int = 1) -> None:
        self._counts[(stage, outcome)] += n
        if n:
            STAGE_RECORDS.labels(stage=stage, outcome=outcome).inc(n)

    def get(self, stage: str, outcome: str) -> int:
        return self._counts[(stage, outcome)]

    def summary(self) -> str:
        return ", ".join(f"{stage}.{outcome}={n}" for (stage, outcome), n in sorted(self._counts.items()))
