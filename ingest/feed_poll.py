"""One poll of one feed: fetch, decide, parse, publish what is new, remember what Kafka took.

The order matters for "nothing lost, nothing twice": an entry is marked seen the moment Kafka
acknowledged its record (what a killed poller wrote without seeing the acknowledgement is adopted
by the next one, ingest/recover.py). The feed's caching headers and body hash are stored only
after Kafka acknowledged every new record of the poll; otherwise the next poll fetches the whole
feed again and re-offers what was not taken.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from kafka.errors import KafkaError

from ingest.entries import Entry, to_article
from ingest.feeds import FeedSpec
from ingest.fetch import Fetcher, FetchResult
from ingest.fulltext import fetch_fulltext
from ingest.parse import parse_feed
from ingest.publish import Outgoing, Publisher
from ingest.recover import read_unacknowledged
from ingest.schedule import backoff, next_interval, observed_rate, retry_after
from ingest.state import FeedState, PollState
from mediamon.records import FEED_ERROR, FEED_NOT_MODIFIED, FEED_OK, FeedHealth
from mediamon.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class PollCounts:
    entries: int = 0
    new: int = 0
    updated: int = 0


class FeedPoller:
    """Polls single feeds; shared by `poll --once` and the scheduling loop."""

    def __init__(self, settings: Settings, state: PollState, publisher: Publisher, fetcher: Fetcher) -> None:
        self.settings = settings
        self.state = state
        self.publisher = publisher
        self.fetcher = fetcher
        self.kafka_failures = 0
        # Bounds whole polls, not just requests: a fetched body waiting for a parse thread or
        # for Kafka still holds memory, so thousands of due feeds must not all be in flight.
        self._slots = asyncio.Semaphore(settings.poll_concurrency)
        self._adoption = asyncio.Lock()
        self._adopted = False
        self._acked: list[tuple[str, str, str]] = []
        self._acked_positions: dict[int, int] = {}

    async def poll(self, feed: FeedSpec, st: FeedState) -> FeedHealth:
        """Poll `feed` now, update `st` (and persist it), publish and return its health event."""
        async with self._slots:
            return await self._poll(feed, st)

    async def _poll(self, feed: FeedSpec, st: FeedState) -> FeedHealth:
        now = time.time()
        st.last_attempt = now
        result = await self.fetcher.fetch(st.current_url, st.etag, st.last_modified)
        if result.permanent_url and result.permanent_url != st.current_url:
            log.warning("feed %s moved permanently to %s; polling the new URL from now on",
                        feed.label, result.permanent_url)
            st.fetch_url = result.permanent_url
        counts = PollCounts()
        status, error = await self._handle(feed, st, result, counts, now)
        self.state.save_feed(st)
        event = FeedHealth(
            feed_url=feed.url, name=feed.name, status=status, at=datetime.now(timezone.utc),
            http_status=result.status, error=error, entries=counts.entries, new_entries=counts.new,
            updated_entries=counts.updated, last_success=_utc(st.last_success), error_count=st.error_count,
            next_poll=_utc(st.next_poll), disabled=st.disabled)
        await self.publisher.health(event)
        return event

    async def _handle(self, feed: FeedSpec, st: FeedState, result: FetchResult, counts: PollCounts,
                      now: float) -> tuple[str, str | None]:
        if result.error:
            return self._failed(feed, st, result.error, now)
        if result.not_modified:
            self._succeeded(feed, st, result, counts, now)
            return FEED_NOT_MODIFIED, None
        if result.status == 410:
            st.disabled = True
            log.warning("feed %s answered 410 Gone: disabled (remove it from the feed list)", feed.label)
            return self._failed(feed, st, "HTTP 410 Gone: feed disabled", now)
        if result.status in (429, 503):
            wait = retry_after(result.headers.get("retry-after"), now)
            return self._failed(feed, st, f"HTTP {result.status}", now, wait)
        if not result.ok:
            return self._failed(feed, st, f"HTTP {result.status}", now)
        body_hash = hashlib.blake2b(result.body, digest_size=16).hexdigest()
        if body_hash == st.body_hash:
            # Servers that ignore conditional GET: same bytes, nothing to parse.
            self._succeeded(feed, st, result, counts, now)
            return FEED_NOT_MODIFIED, None
        parsed = await asyncio.to_thread(parse_feed, result.body, result.headers, result.final_url)
        if parsed.error:
            return self._failed(feed, st, parsed.error, now)
        if parsed.warning:
            log.info("feed %s is ill-formed but usable: %s", feed.label, parsed.warning)
        counts.entries = len(parsed.entries)
        delivered = await self._publish_new(feed, parsed.entries, counts, now)
        if delivered is not None:
            # Kafka trouble is not the feed's fault: retry soon without counting a feed error.
            st.next_poll = now + self.settings.poll_min_interval
            st.last_error = delivered
            return FEED_ERROR, delivered
        self._succeeded(feed, st, result, counts, now, body_hash)
        return FEED_OK, None

    async def _publish_new(self, feed: FeedSpec, entries: list[Entry], counts: PollCounts,
                           now: float) -> str | None:
        """Publish new and changed entries; returns an error when Kafka did not take them all."""
        unique: dict[str, Entry] = {}
        for entry in entries:
            unique.setdefault(entry.id, entry)
        refused = await self._adopt_unacknowledged()
        known = self.state.fingerprints(list(unique))
        fresh = [e for i, e in unique.items() if known.get(i) != e.fingerprint]
        self.state.touch([i for i in unique if i in known], now)
        if not fresh:
            return None
        if refused:
            self.kafka_failures += len(fresh)
            return refused
        fetched = datetime.fromtimestamp(now, timezone.utc)
        texts = await self._fulltexts(feed, fresh)
        articles = [to_article(e, feed, feed.url, fetched, text, self.settings.ingest_earliest_year)
                    for e, text in zip(fresh, texts)]
        fingerprints = {e.id: e.fingerprint for e in fresh}
        delivery = await self.publisher.publish(
            [Outgoing(a, fingerprints[a.id]) for a in articles],
            lambda item, partition, offset: self._acknowledged(item, partition, offset, feed.url))
        self._mark_acknowledged()
        counts.updated = sum(1 for a in delivery.acked if a.id in known)
        counts.new = len(delivery.acked) - counts.updated
        if delivery.failed:
            self.kafka_failures += len(delivery.failed)
            log.error("feed %s: %d of %d records not acknowledged by Kafka (%s); they stay unseen and "
                      "are offered again next poll", feed.label, len(delivery.failed), len(articles), delivery.error)
            return delivery.error or "Kafka did not acknowledge"
        log.info("feed %s: %d new, %d updated of %d entries", feed.label, counts.new, counts.updated, len(entries))
        return None

    def _acknowledged(self, item: Outgoing, partition: int, offset: int, feed_url: str) -> None:
        """Collect an acknowledgement; all those of one event-loop turn are marked in one transaction."""
        self._acked.append((item.article.id, item.fingerprint, feed_url))
        self._acked_positions[partition] = max(offset + 1, self._acked_positions.get(partition, 0))
        if len(self._acked) == 1:
            asyncio.get_running_loop().call_soon(self._mark_acknowledged)

    def _mark_acknowledged(self) -> None:
        if self._acked:
            acked, positions = self._acked, self._acked_positions
            self._acked, self._acked_positions = [], {}
            self.state.mark_seen(acked, time.time(), positions)

    async def _adopt_unacknowledged(self) -> str | None:
        """Once per process, before the first publish: see ingest/recover.py. Returns an error
        while Kafka cannot be read, so the poll is retried like any other Kafka failure."""
        if self._adopted:
            return None
        async with self._adoption:
            if self._adopted:
                return None
            try:
                await self.publisher.connected()  # fails fast while Kafka was just found down
                adopted = await asyncio.to_thread(read_unacknowledged, self.settings, self.state.log_positions())
            except KafkaError as exc:
                log.error("cannot read back the article topic before publishing (%s); will retry", exc)
                return f"Kafka unavailable: {exc}"
            self.state.mark_seen(adopted.seen, time.time(), adopted.positions)
            self._adopted = True
        if adopted.seen:
            log.warning("%d records on the article topic were written by a previous poller that never saw "
                        "Kafka's acknowledgement; marked seen, not published again", len(adopted.seen))
        return None

    async def _fulltexts(self, feed: FeedSpec, entries: list[Entry]) -> list[str | None]:
        if not feed.fulltext:
            return [None] * len(entries)
        return list(await asyncio.gather(*(
            fetch_fulltext(self.fetcher, e.article_url) if e.article_url else _none() for e in entries)))

    def _succeeded(self, feed: FeedSpec, st: FeedState, result: FetchResult, counts: PollCounts, now: float,
                   body_hash: str | None = None) -> None:
        elapsed = now - st.last_success if st.last_success else None
        st.entry_rate = observed_rate(st.entry_rate, counts.new, elapsed)
        st.interval = next_interval(st.entry_rate, feed.interval, self.settings.poll_min_interval,
                                    self.settings.poll_max_interval)
        st.next_poll = now + st.interval
        st.last_success, st.error_count, st.last_error = now, 0, None
        if result.status != 304:
            st.etag = result.headers.get("etag")
            st.last_modified = result.headers.get("last-modified")
            st.body_hash = body_hash or st.body_hash

    def _failed(self, feed: FeedSpec, st: FeedState, error: str, now: float,
                wait: float | None = None) -> tuple[str, str]:
        st.error_count += 1
        st.last_error = error
        if wait is None:
            wait = backoff(st.error_count, self.settings.poll_min_interval, self.settings.poll_max_interval)
        st.next_poll = now + wait
        log.warning("feed %s failed (%s); attempt %d, next try in %.0f s", feed.label, error, st.error_count, wait)
        return FEED_ERROR, error


async def _none() -> None:
    return None


def _utc(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, timezone.utc) if epoch else None
