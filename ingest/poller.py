"""The poller: every enabled feed on its own adaptive schedule, or each once (`--once`).

Entry point `run_poller` is synchronous so the CLI and `mediamon run` (which runs it in a
thread) can share it; a `threading.Event` stops it cleanly.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from pathlib import Path

from ingest.feed_poll import FeedPoller
from ingest.feeds import FeedList, FeedSpec, load_feeds
from ingest.fetch import Fetcher
from ingest.publish import Publisher
from ingest.safety import AddressPolicy
from ingest.sharding import owns
from ingest.state import FeedState, PollState, state_path
from mediamon import metrics
from mediamon.errors import ConfigError
from mediamon.health import beat
from mediamon.records import FeedHealth
from mediamon.settings import Settings

log = logging.getLogger(__name__)

# The loop wakes at least this often to notice a stop request and newly due feeds.
MAX_SLEEP_SECONDS = 5.0
# On stop, in-flight polls get this long to finish (and mark what Kafka took) before cancelling.
STOP_GRACE_SECONDS = 20.0


class Poller:
    """Holds the feed list, the state and the clients for one run."""

    def __init__(self, settings: Settings, feeds: FeedList, state: PollState, publisher: Publisher,
                 fetcher: Fetcher) -> None:
        self.settings = settings
        self.feeds = feeds
        self.state = state
        self.single = FeedPoller(settings, state, publisher, fetcher)
        self._states: dict[str, FeedState] = {}

    def feed_state(self, feed: FeedSpec) -> FeedState:
        if feed.url not in self._states:
            self._states[feed.url] = self.state.feed(feed.url)
        return self._states[feed.url]

    def pollable(self) -> list[FeedSpec]:
        active = []
        replicas, shard = self.settings.poller_replicas, self.settings.poller_shard
        for feed in self.feeds.enabled:
            if not owns(feed.url, shard, replicas):
                continue
            if self.feed_state(feed).disabled:
                log.info("feed %s is disabled (%s); skipping", feed.label, self.feed_state(feed).last_error)
            else:
                active.append(feed)
        return active

    async def poll_once(self) -> list[FeedHealth]:
        """Poll every active feed now, concurrently (the fetcher enforces the limits)."""
        feeds = self.pollable()
        return list(await asyncio.gather(*(self._poll(f) for f in feeds)))

    async def _poll(self, feed: FeedSpec) -> FeedHealth:
        event = await self.single.poll(feed, self.feed_state(feed))
        metrics.observe_feed_poll(event)
        return event

    async def run(self, stop: asyncio.Event) -> None:
        """Poll each feed when due until `stop` is set; finish in-flight polls before returning."""
        feeds = self.pollable()
        in_flight: dict[str, asyncio.Task[FeedHealth]] = {}
        # A finished poll sets the feed's next due time, which may come before the planned wake-up.
        finished = asyncio.Event()

        def settled(url: str) -> None:
            in_flight.pop(url, None)
            finished.set()

        while not stop.is_set():
            finished.clear()
            now = time.time()
            for feed in feeds:
                st = self.feed_state(feed)
                if feed.url not in in_flight and not st.disabled and st.next_poll <= now:
                    task = asyncio.create_task(self._poll(feed))
                    in_flight[feed.url] = task
                    task.add_done_callback(lambda _t, url=feed.url: settled(url))
            waiting = [self.feed_state(f).next_poll for f in feeds
                       if f.url not in in_flight and not self.feed_state(f).disabled]
            sleep = min([MAX_SLEEP_SECONDS, *(due - time.time() for due in waiting)])
            # The loop wakes at least every MAX_SLEEP_SECONDS, so this is the poller's liveness.
            beat(self.settings, "poller", feeds=len(feeds), polls_in_flight=len(in_flight))
            wakers = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(finished.wait())]
            await asyncio.wait(wakers, timeout=max(sleep, 0.05), return_when=asyncio.FIRST_COMPLETED)
            for waker in wakers:
                waker.cancel()
        if in_flight:
            log.info("stopping: waiting for %d polls in flight", len(in_flight))
            _done, pending = await asyncio.wait(list(in_flight.values()), timeout=STOP_GRACE_SECONDS)
            for task in pending:
                task.cancel()


def run_poller(settings: Settings, feeds_file: Path | None = None, once: bool = False,
               stop: threading.Event | None = None, allow_private: bool = False) -> int:
    """Run the poller; returns the exit status (1 when Kafka did not acknowledge some records)."""
    if settings.poller_shard >= settings.poller_replicas:
        raise ConfigError(f"MEDIAMON_POLLER_SHARD={settings.poller_shard} must be below "
                          f"MEDIAMON_POLLER_REPLICAS={settings.poller_replicas} (shards count from 0)")
    feeds = load_feeds(feeds_file or settings.feeds_file, settings)
    policy = AddressPolicy(allow_all=True) if allow_private else feeds.address_policy
    metrics.serve(settings.poller_metrics_port, "poller")
    return asyncio.run(_main(settings, feeds, once, stop, policy))


async def _main(settings: Settings, feeds: FeedList, once: bool, stop: threading.Event | None,
                policy: AddressPolicy) -> int:
    state = PollState(state_path(settings))
    publisher = Publisher(settings)
    try:
        async with Fetcher(settings, policy) as fetcher:
            poller = Poller(settings, feeds, state, publisher, fetcher)
            if once:
                events = await poller.poll_once()
                _log_summary(events)
            else:
                await poller.run(_stop_event(stop))
        await asyncio.to_thread(publisher.flush)
        failures = poller.single.kafka_failures
    finally:
        await asyncio.to_thread(publisher.close)
        state.close()
    if failures:
        log.error("%d records were not acknowledged by Kafka; they will be fetched again next poll", failures)
    return 1 if failures else 0


def _stop_event(stop: threading.Event | None) -> asyncio.Event:
    """An asyncio event set by SIGINT/SIGTERM (main thread) or by the caller's threading.Event."""
    event = asyncio.Event()
    loop = asyncio.get_running_loop()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, event.set)
    if stop is not None:
        threading.Thread(target=_relay, args=(stop, loop, event), name="poller-stop", daemon=True).start()
    return event


def _relay(stop: threading.Event, loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> None:
    stop.wait()
    try:
        loop.call_soon_threadsafe(event.set)
    except RuntimeError:  # the loop already finished
        pass


def _log_summary(events: list[FeedHealth]) -> None:
    new = sum(e.new_entries for e in events)
    updated = sum(e.updated_entries for e in events)
    errors = [e for e in events if e.status == "error"]
    log.info("polled %d feeds: %d new articles, %d updated, %d feeds with errors",
             len(events), new, updated, len(errors))
