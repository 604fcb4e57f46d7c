"""Counting true/false positives and reading labelled JSON Lines, shared by every `mediamon eval`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediamon.errors import ConfigError


@dataclass
class Counts:
    """tp/fp/fn with precision, recall and F1; `empty` is the score when nothing was expected or
    predicted (1.0 where "no mention, none found" is right, 0.0 where a topic without data counts
    against the macro average)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    empty: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else self.empty

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else self.empty

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[str], predicted: set[str]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


def load_items(path: Path, required: Iterable[str]) -> list[dict[str, Any]]:
    """Labelled items of a JSON Lines file; a bad line is reported as file:line."""
    required = tuple(required)
    items = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise ConfigError(f"{path}:{number}: not JSON: {exc}") from exc
            if not isinstance(item, dict) or any(name not in item for name in required):
                raise ConfigError(f"{path}:{number}: expected an object with {', '.join(required)}")
            item.setdefault("_line", number)
            items.append(item)
    return items
