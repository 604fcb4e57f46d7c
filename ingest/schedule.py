"""When to poll a feed next: adaptive to its publishing rate, backing off on errors.

Pure functions of the feed state, so the policy is tested with tables of cases.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

# First interval before we know a feed's rate: frequent enough to learn it quickly.
FIRST_INTERVAL = 600.0
# Weight of the latest observation in the moving average of entries/hour.
RATE_WEIGHT = 0.3
# Retry-After beyond a day is more likely a misconfiguration than a plan; cap it.
MAX_RETRY_AFTER = 86400.0


def observed_rate(previous: float | None, new_entries: int, elapsed_seconds: float | None) -> float | None:
    """Moving average of new entries per hour; None until two polls gave an elapsed time."""
    if elapsed_seconds is None or elapsed_seconds <= 0:
        return previous
    sample = new_entries * 3600.0 / max(elapsed_seconds, 60.0)
    return sample if previous is None else previous + RATE_WEIGHT * (sample - previous)


def next_interval(rate: float | None, override: float | None, low: float, high: float) -> float:
    """Seconds until the next poll after a success: about one expected new entry per poll.

    A busy feed (60 entries/h) is polled every minute, a quiet one (1/day) every hour; the
    feed list's `interval` wins when set.
    """
    if override:
        return override
    if rate is None:
        return min(max(FIRST_INTERVAL, low), high)
    if rate <= 0:
        return high
    return min(max(3600.0 / rate, low), high)


def backoff(error_count: int, low: float, high: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: low*2^(n-1) capped at high, then a random 50-100% of it,
    so feeds that failed together (one host down) do not retry in lockstep."""
    base = min(high, low * 2 ** max(error_count - 1, 0))
    return base * (rng or random).uniform(0.5, 1.0)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None when absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return min(max(when - (time.time() if now is None else now), 0.0), MAX_RETRY_AFTER)
