"""Digest periods: which period a moment falls in, in the subscriber's time zone.

Periods are counted on local wall-clock time from the `--at` time, so a daily 08:00 digest stays at
08:00 across daylight-saving changes. Any length works (tests use seconds, users 1h or 1d).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mediamon.records import Subscription

ANCHOR_DAY = datetime(2000, 1, 3)  # a Monday; only the time of day of the anchor matters


def period_index(sub: Subscription, now: datetime) -> int:
    local = now.astimezone(ZoneInfo(sub.digest_tz)).replace(tzinfo=None)
    hours, minutes = (int(x) for x in sub.digest_at.split(":"))
    anchor = ANCHOR_DAY.replace(hour=hours, minute=minutes)
    return int((local - anchor).total_seconds() // sub.digest_every)
