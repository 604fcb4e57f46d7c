"""Kafka output of the poller: articles on `articles.raw`, health events on `feeds.health`.

kafka-python with acks=all and idempotence, so an acknowledged record is on every in-sync
replica exactly once even when the producer retried. Each record is handed to the caller's
`on_acked` the moment Kafka acknowledged it, so the caller marks it seen without waiting for the
rest of the batch. Everything not acknowledged is fetched and offered again next poll.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from mediamon.kafka_security import kafka_client_options
from mediamon.records import FeedHealth, RawArticle
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW, FEEDS_HEALTH

log = logging.getLogger(__name__)

# How long one poll waits for acknowledgements before treating Kafka as unavailable.
ACK_TIMEOUT_SECONDS = 30.0
# After Kafka could not be reached, fail fast for this long instead of making every feed wait.
RECONNECT_AFTER_SECONDS = 5.0
# Backpressure: at most this many article records sent and not yet acknowledged. Without it a
# first poll of thousands of feeds queues more than Kafka acknowledges within the delivery
# timeout, and records expire unsent (they would be retried, but the poll is wasted).
MAX_UNACKED_RECORDS = 2000


# Carries the entry fingerprint, so a restarted poller can mark seen what Kafka took from its
# predecessor without an acknowledgement reaching it (ingest/recover.py).
FINGERPRINT_HEADER = "mediamon-fingerprint"


class KafkaUnavailable(KafkaError):
    """Kafka was unreachable moments ago; not retried until RECONNECT_AFTER_SECONDS passed."""


@dataclass(frozen=True)
class Outgoing:
    """An article to publish and the fingerprint of the feed entry it came from."""

    article: RawArticle
    fingerprint: str


@dataclass
class Delivery:
    """Which records Kafka acknowledged; `error` describes the first failure, if any."""

    acked: list[RawArticle] = field(default_factory=list)
    failed: list[RawArticle] = field(default_factory=list)
    error: str | None = None


class Publisher:
    """Owns one producer; created lazily so a poller can start (and retry) while Kafka is down.

    `flush` and `close` block (kafka-python is synchronous): call them from a worker thread.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._producer: KafkaProducer | None = None
        self._down_until = 0.0
        self._lock = threading.Lock()  # several polls may try to connect at once, from worker threads
        self._slots_loop: asyncio.AbstractEventLoop | None = None
        self._slot_semaphore = asyncio.Semaphore(MAX_UNACKED_RECORDS)
        self.articles_topic = settings.topic(ARTICLES_RAW)
        self.health_topic = settings.topic(FEEDS_HEALTH)

    def _connect(self) -> KafkaProducer:
        with self._lock:
            return self._connected()

    def _connected(self) -> KafkaProducer:
        if self._producer is None:
            if time.monotonic() < self._down_until:
                raise KafkaUnavailable("Kafka was unreachable moments ago")
            try:
                self._producer = self._create()
            except KafkaError as exc:
                self._down_until = time.monotonic() + RECONNECT_AFTER_SECONDS
                log.error("Kafka at %s is unreachable (%s); nothing is marked seen, retrying in %.0f s",
                          self._settings.kafka_bootstrap, exc, RECONNECT_AFTER_SECONDS)
                raise
        return self._producer

    def _create(self) -> KafkaProducer:
        return KafkaProducer(
            bootstrap_servers=self._settings.kafka_bootstrap, client_id="mediamon-poller",
            **kafka_client_options(self._settings),
            acks="all", enable_idempotence=True, compression_type="gzip", linger_ms=20,
            # Bounded waits: a poll reports Kafka trouble instead of hanging on it.
            max_block_ms=10_000, request_timeout_ms=10_000, delivery_timeout_ms=25_000,
            bootstrap_timeout_ms=10_000)

    def _slots(self, loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
        """The in-flight limit, one per event loop (a semaphore belongs to the loop it waits on)."""
        if self._slots_loop is not loop:
            self._slots_loop, self._slot_semaphore = loop, asyncio.Semaphore(MAX_UNACKED_RECORDS)
        return self._slot_semaphore

    async def connected(self) -> KafkaProducer:
        """The producer, connecting in a worker thread the first time (that can block for seconds)."""
        if self._producer is not None:
            return self._producer
        return await asyncio.to_thread(self._connect)

    async def publish(self, outgoing: list[Outgoing], on_acked: Callable[[Outgoing, int, int], None]) -> Delivery:
        """Send the articles keyed by id and wait until Kafka acknowledged (or refused) each one.

        `on_acked(item, partition, offset)` runs on the event loop once per record, as soon as its
        acknowledgement arrives. Waiting holds no thread: kafka-python's callbacks complete asyncio
        futures, so a poll waiting for acks never starves the threads that parse other feeds.
        """
        delivery = Delivery()
        loop = asyncio.get_running_loop()
        slots = self._slots(loop)
        sent: list[tuple[Outgoing, FutureRecordMetadata, asyncio.Future[None]]] = []
        try:
            producer = await self.connected()
            for item in outgoing:
                await slots.acquire()
                done: asyncio.Future[None] = loop.create_future()
                done.add_done_callback(lambda _done: slots.release())
                try:
                    future = producer.send(self.articles_topic, key=item.article.id.encode(),
                                           value=item.article.dumps(),
                                           headers=[(FINGERPRINT_HEADER, item.fingerprint.encode())])
                except KafkaError:
                    done.set_result(None)
                    raise
                future.add_both(lambda _result, settled=(done, future, item):
                                loop.call_soon_threadsafe(_settle, *settled, on_acked))
                sent.append((item, future, done))
        except KafkaError as exc:
            delivery.error = f"Kafka unavailable: {exc}"
        if sent:
            await asyncio.wait([done for _, _, done in sent], timeout=ACK_TIMEOUT_SECONDS)
        if any(not future.is_done for _, future, _ in sent):
            # Requests left unanswered (across a broker restart, typically) can leave the producer
            # wedged for good: start a fresh one; these records are offered again next poll.
            await asyncio.to_thread(self._discard, producer)
        for item, future, _done in sent:
            if future.is_done and future.succeeded():
                delivery.acked.append(item.article)
            else:
                delivery.failed.append(item.article)
                if delivery.error is None:
                    delivery.error = f"Kafka did not acknowledge: {future.exception or 'timed out'}"
        delivery.failed.extend(item.article for item in outgoing[len(sent):])
        return delivery

    async def health(self, event: FeedHealth) -> None:
        """Best effort: a lost health event only delays a silence alert, it never loses an article."""
        try:
            producer = await self.connected()
            producer.send(self.health_topic, key=event.feed_url.encode(), value=event.dumps())
        except KafkaUnavailable:
            pass  # logged once per outage when the connection failed
        except KafkaError as exc:
            log.warning("could not send feed health for %s: %s", event.feed_url, exc)

    def flush(self) -> None:
        if self._producer is not None:
            try:
                self._producer.flush(timeout=ACK_TIMEOUT_SECONDS)
            except KafkaError as exc:
                log.warning("flushing feed health events failed: %s", exc)

    def _discard(self, producer: KafkaProducer) -> None:
        if self._producer is producer:
            self._producer = None
            log.warning("Kafka left records unacknowledged; reconnecting with a new producer")
            producer.close(timeout=0)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None


def _settle(done: asyncio.Future[None], future: FutureRecordMetadata, item: Outgoing,
            on_acked: Callable[[Outgoing, int, int], None]) -> None:
    """On the event loop: report an acknowledged record, then release its in-flight slot."""
    if done.done():
        return
    try:
        if future.succeeded():
            on_acked(item, future.value.partition, future.value.offset)
    finally:
        done.set_result(None)
