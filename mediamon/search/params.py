"""What a search asks for: query, filters, date range, order, page. Shared by the CLI and the API."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Literal

from pydantic import BaseModel, Field

from mediamon.errors import MediamonError

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class SearchParamError(MediamonError):
    """A filter value cannot be understood (bad date, foreign cursor)."""


class SearchParams(BaseModel):
    """Filters combine with AND; several values of one filter combine with OR."""

    q: str = Field("*", description="Query in Lucene syntax: AND/OR/NOT, \"phrases\", (groups), field:value, wild*")
    entity: list[str] = Field(default_factory=list, description="Entity ids, e.g. CSTO, SMO")
    lang: list[str] = Field(default_factory=list, description="ISO 639-1 language codes")
    topic: list[str] = Field(default_factory=list, description="IPTC media topic ids")
    source: list[str] = Field(default_factory=list, description="Source (feed/site) names")
    country: list[str] = Field(default_factory=list, description="Country codes of the sources")
    framing: list[str] = Field(default_factory=list, description="Mention framings, e.g. kremlin, war")
    since: str | None = Field(None, description="Published at or after: 24h, 7d, 2w or an ISO date/time")
    until: str | None = Field(None, description="Published at or before: same forms as since")
    sort: Literal["date", "relevance", "fetched"] = Field(
        "date", description="date: newest published first; relevance; fetched: newest arrivals first (the live view)")
    size: int = Field(20, ge=1, le=500)
    after: str | None = Field(None, description="Cursor of the last hit of the previous page")
    snippets: bool = Field(True, description="Highlighted snippets per hit (false: faster, for listings)")


def parse_when(value: str, now: datetime) -> datetime:
    """`24h`/`30m`/`7d`/`2w` before `now`, or an ISO 8601 date/time (naive means UTC)."""
    relative = _RELATIVE.match(value)
    if relative:
        try:
            return now - timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
        except OverflowError as exc:
            raise SearchParamError(f"{value!r} reaches before the year 1") from exc
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise SearchParamError(f"cannot read {value!r} as a time: use 24h, 7d, 2w, 2024-11-25 or "
                               "2024-11-25T09:00:00Z") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
