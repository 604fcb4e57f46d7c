"""Feed health records: one event per poll of a feed (topic `feeds.health`, key = feed url).

The alerts engineer builds source-silence alerts on these, so every poll emits one, including
the ones that failed or answered 304.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from mediamon.records.articles import _Json

FEED_OK = "ok"
FEED_NOT_MODIFIED = "not-modified"
FEED_ERROR = "error"


class FeedHealth(_Json):
    """What one poll of one feed found: outcome, HTTP status, entries seen and newly published."""

    feed_url: str
    name: str
    status: str  # FEED_OK | FEED_NOT_MODIFIED | FEED_ERROR
    at: datetime
    http_status: Optional[int] = None
    error: Optional[str] = None
    entries: int = 0
    new_entries: int = 0
    updated_entries: int = 0
    last_success: Optional[datetime] = None
    error_count: int = 0
    next_poll: Optional[datetime] = None
    disabled: bool = False
