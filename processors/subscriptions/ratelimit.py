"""Per-subscription message budget per minute; what exceeds it is held and sent as one summary."""

from __future__ import annotations

from typing import Any

MINUTE = 60


def minute_of(timestamp: float) -> int:
    return int(timestamp // MINUTE)


def take(state: dict[str, Any], now: float, limit: int) -> bool:
    """Use one message of this minute's budget if any is left (state is changed in place)."""
    minute = minute_of(now)
    if state.get("minute") != minute:
        state["minute"], state["sent"] = minute, 0
    if state["sent"] >= limit:
        return False
    state["sent"] += 1
    return True


def summary_due(state: dict[str, Any], now: float) -> bool:
    """Held messages go out once the minute they were held in is over."""
    return bool(state.get("held")) and state.get("held_minute", minute_of(now)) < minute_of(now)
