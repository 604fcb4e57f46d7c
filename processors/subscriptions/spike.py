"""Spike detection over per-subscription mention counts in tumbling windows.

Counts live in a Faust table as {window start (str, JSON keys are strings): count}, pruned to the
last week, so one value per subscription stays small (168 hourly windows at most).
"""

from __future__ import annotations

LOOKBACK_SECONDS = 7 * 86400  # a week of baseline covers weekday/weekend rhythm


def window_start(timestamp: float, window: int) -> int:
    return int(timestamp // window) * window


def add_mention(counts: dict[str, int], start: int, now: float) -> dict[str, int]:
    """The counts with one more mention in the window starting at `start`, older than a week dropped."""
    horizon = now - LOOKBACK_SECONDS
    kept = {k: v for k, v in counts.items() if int(k) >= horizon}
    kept[str(start)] = kept.get(str(start), 0) + 1
    return kept


def baseline(counts: dict[str, int], start: int, window: int) -> float:
    """Mean count per window before `start`, from the first window seen (quiet windows count as 0)."""
    earlier = [int(k) for k in counts if int(k) < start]
    if not earlier:
        return 0.0
    windows = (start - min(earlier)) // window
    return sum(counts[str(k)] for k in earlier) / max(1, windows)


def is_spike(counts: dict[str, int], start: int, window: int, factor: float, min_count: int) -> bool:
    current = counts.get(str(start), 0)
    return current >= min_count and current >= factor * baseline(counts, start, window)


def first_of_spike(last_fired: int | None, start: int, window: int) -> bool:
    """Once per spike: a spike lasting into the next window is the same spike, not a new one."""
    return last_fired is None or start - last_fired > window
