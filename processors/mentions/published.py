"""The days an article's publication date allows, for vetoing events that had not happened yet.

An article published before 24 February 2022 cannot mention the war that began that day, whatever
its words say ("the war in Ukraine" of 2015, "a Russian attack" feared in January 2022). Dates come as
datetimes from feeds or as text from JSON Lines, sometimes only a month or a year: "2021" allows any
day of 2021, so it is before the war; "2022-02" could be the 25th, so it settles nothing, and it
could be the 1st, so it does not vouch for the war either (a "could invade" of 2022-02 stays a fear).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def latest_day(published: date | str | None) -> date | None:
    """The last day `published` can stand for, or None when it says nothing usable."""
    return _bound(published, last=True)


def earliest_day(published: date | str | None) -> date | None:
    """The first day `published` can stand for, or None when it says nothing usable."""
    return _bound(published, last=False)


def _bound(published: date | str | None, last: bool) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if not isinstance(published, str):
        return None
    match = _PARTIAL.match(published.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 12 if last else 1, 31 if last else 1)  # type: ignore[arg-type]
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)  # type: ignore[arg-type]
        return date(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        return None
