"""Source silence: learn a feed's usual gap between new entries from its health events and notice
when it has been silent (or failing) for more than k times that gap, and when it is back.

Judged on the poller's own event times, so it works the same on replay and in tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mediamon.records import FEED_ERROR, FeedHealth

MIN_INTERVALS = 2  # one gap is not a habit
SMOOTHING = 0.3  # weight of the newest gap in the moving average


def observe(state: dict[str, Any], health: FeedHealth, factor: float) -> tuple[dict[str, Any], str | None]:
    """The feed's new state and "silence", "back" or None."""
    state = dict(state)
    at = health.at.timestamp()
    if health.status != FEED_ERROR and health.new_entries > 0:
        last = state.get("last_new")
        if last is not None and at > last:
            gap = at - last
            state["gap"] = gap if state.get("gap") is None else (1 - SMOOTHING) * state["gap"] + SMOOTHING * gap
            state["intervals"] = state.get("intervals", 0) + 1
        state["last_new"] = at
        if state.pop("silent", False):
            return state, "back"
        return state, None
    if health.status == FEED_ERROR:
        state["error"] = health.error or f"HTTP {health.http_status}"
    last, gap = state.get("last_new"), state.get("gap")
    if (not state.get("silent") and last is not None and gap
            and state.get("intervals", 0) >= MIN_INTERVALS and at - last > factor * gap):
        state["silent"] = True
        return state, "silence"
    return state, None


def describe(event: str, health: FeedHealth, state: dict[str, Any]) -> str:
    name = health.name or health.feed_url
    if event == "back":
        return f"{name} publishes again ({health.new_entries} new entries at {health.at:%Y-%m-%d %H:%M} UTC)"
    silent_for = (health.at.timestamp() - state["last_new"]) / 60
    usual = state["gap"] / 60
    failing = f"; failing: {state['error']}" if health.status == FEED_ERROR and state.get("error") else ""
    last = datetime.fromtimestamp(state["last_new"]).astimezone()
    return (f"{name} has published nothing new for {silent_for:.0f} min (usually every {usual:.0f} min, "
            f"last new entry {last:%Y-%m-%d %H:%M %Z}){failing}")
