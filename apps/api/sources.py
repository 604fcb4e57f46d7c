"""GET /sources: every configured feed with its health, from the poller's `feeds.health` events.

The silence marker uses the source-silence alert's own rule (`processors.subscriptions.silence`), so the
console and the alerts agree on which feed went quiet.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from kafka.consumer.fetcher import ConsumerRecord
from pydantic import BaseModel

from apps.api.deps import get_settings
from apps.api.follower import TopicFollower
from mediamon.errors import MediamonError
from mediamon.records import FeedHealth
from mediamon.records.codec import decode_json_record
from mediamon.settings import Settings
from mediamon.topology import FEEDS_HEALTH
from processors.subscriptions.silence import observe

log = logging.getLogger(__name__)
router = APIRouter(tags=["sources"])
DAY = timedelta(days=1)


class Source(BaseModel):
    name: str
    url: str
    enabled: bool = True
    status: str = "never polled"
    last_poll: datetime | None = None
    last_success: datetime | None = None
    last_new_entry: datetime | None = None
    http_status: int | None = None
    error: str | None = None
    error_count: int = 0
    interval_seconds: float | None = None
    articles_24h: int = 0
    silent: bool = False


class _Feed:
    """One feed's latest health event, its silence state and its recent new-entry counts."""

    def __init__(self) -> None:
        self.latest: FeedHealth | None = None
        self.silence: dict[str, Any] = {}
        self.recent: list[tuple[datetime, int]] = []

    def apply(self, health: FeedHealth, factor: float) -> None:
        self.latest = health
        self.silence, _ = observe(self.silence, health, factor)
        if health.new_entries:
            self.recent.append((health.at, health.new_entries))
        horizon = health.at - DAY
        self.recent = [(at, n) for at, n in self.recent if at >= horizon]


class SourcesView:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._feeds: dict[str, _Feed] = {}
        self._follower = TopicFollower(settings, settings.topic(FEEDS_HEALTH), self._feeds.clear)

    def _apply(self, record: ConsumerRecord) -> None:
        if record.value is None:
            return
        try:
            health = decode_json_record(record.value, FeedHealth)
        except MediamonError as exc:
            log.warning("sources: skipped an unreadable feeds.health record: %s", exc)
            return
        self._feeds.setdefault(health.feed_url, _Feed()).apply(health, self.settings.alerts_silence_factor)

    def current(self, configured: list[tuple[str, str, bool]], now: datetime) -> list[Source]:
        """`configured`: (name, url, enabled) of the feed list; feeds only seen in events follow."""
        with self._follower.lock:
            self._follower.catch_up(self._apply)
            named = {url: (name, enabled) for name, url, enabled in configured}
            urls = list(named) + sorted(set(self._feeds) - set(named))
            return [self._source(url, *named.get(url, ("", True)), now) for url in urls]

    def _source(self, url: str, name: str, enabled: bool, now: datetime) -> Source:
        feed = self._feeds.get(url)
        if feed is None or feed.latest is None:
            return Source(name=name or url, url=url, enabled=enabled, status="disabled" if not enabled else "never polled")
        health = feed.latest
        last_new = feed.silence.get("last_new")
        interval = (health.next_poll - health.at).total_seconds() if health.next_poll else None
        return Source(name=name or health.name or url, url=url, enabled=enabled and not health.disabled,
                      status="disabled" if not enabled or health.disabled else health.status, last_poll=health.at,
                      last_success=health.last_success, http_status=health.http_status, error=health.error,
                      error_count=health.error_count, interval_seconds=interval,
                      last_new_entry=datetime.fromtimestamp(last_new, timezone.utc) if last_new else None,
                      articles_24h=sum(n for at, n in feed.recent if at >= now - DAY),
                      silent=bool(feed.silence.get("silent")))

    def close(self) -> None:
        self._follower.close()


def configured_feeds(settings: Settings) -> list[tuple[str, str, bool]]:
    """The feed list the poller reads, when this process can see it (the API may run elsewhere)."""
    from ingest.feeds import load_feeds

    try:
        feeds = load_feeds(settings.feeds_file, settings).feeds
    except (MediamonError, OSError) as exc:
        log.info("sources: feed list not readable here (%s); showing the feeds seen in health events", exc)
        return []
    return [(feed.name, feed.url, feed.enabled) for feed in feeds]


@router.get("/sources", response_model=list[Source])
def sources(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> list[Source]:
    """Every feed: last poll, status, new articles in 24 h, error, poll interval, silence, disabled."""
    view: SourcesView = request.app.state.sources
    try:
        return view.current(configured_feeds(settings), datetime.now(timezone.utc))
    except MediamonError as exc:
        log.warning("sources API: %s", exc)
        raise HTTPException(503, "feed health is unavailable, try again") from exc
