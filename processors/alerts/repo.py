"""The compacted topic `alerts.subscriptions` is the durable store: key = subscription id (value =
Subscription JSON, or a tombstone when removed) and `<id>#status` (latest delivery outcome).

`SubscriptionState` folds the topic into memory (worker and CLI alike); the functions below read
and write it synchronously with kafka-python for the CLI and the HTTP API.
"""

from __future__ import annotations

import logging

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaTimeoutError

from mediamon.errors import MediamonError, RecordError
from mediamon.kafka_read import read_to_end
from mediamon.kafka_security import kafka_client_options
from mediamon.query import QuerySyntaxError
from mediamon.records import Subscription, SubscriptionStatus
from mediamon.records.alerts import STATUS_SUFFIX
from mediamon.records.codec import decode_json_record
from mediamon.settings import Settings
from mediamon.topology import ALERTS_SUBSCRIPTIONS
from processors.subscriptions.filter_index import SubscriptionIndex
from processors.subscriptions.sealing import Sealer, SecretsError, seal_subscription, sealer_for, unseal_subscription

log = logging.getLogger(__name__)


class SubscriptionNotFound(MediamonError):
    """No subscription has this id (or it was removed)."""


class SubscriptionState:
    """Every subscription and its latest delivery status, as of the records applied so far."""

    def __init__(self, sealer: Sealer) -> None:
        self.index = SubscriptionIndex()
        self.statuses: dict[str, SubscriptionStatus] = {}
        self.sealer = sealer
        # Subscriptions whose secrets cannot be decrypted, with the reason: they never deliver.
        self.unreadable: dict[str, str] = {}

    def apply(self, key: bytes | None, value: bytes | None) -> None:
        """Apply one record; a bad one is logged and skipped (it cannot be dead-lettered: it is the store)."""
        if not key:
            return
        name = key.decode("utf-8", errors="replace")
        try:
            if name.endswith(STATUS_SUFFIX):
                self._apply_status(name[: -len(STATUS_SUFFIX)], value)
            elif value is None:
                self.index.remove(name)
                self.unreadable.pop(name, None)
            else:
                sub = decode_json_record(value, Subscription)
                if sub.id != name:
                    raise RecordError(f"key {name!r} differs from id {sub.id!r}")
                self.index.put(unseal_subscription(sub, self.sealer))
                self.unreadable.pop(name, None)
        except SecretsError as exc:
            self.index.remove(name)
            self.unreadable[name] = str(exc)
            log.error("alerts.subscriptions: subscription %s will not deliver: %s", name, exc)
        except (RecordError, QuerySyntaxError) as exc:
            log.warning("alerts.subscriptions: skipped record %s: %s", name, exc)

    def apply_record(self, record: ConsumerRecord) -> None:
        self.apply(record.key, record.value)

    def _apply_status(self, sub_id: str, value: bytes | None) -> None:
        if value is None:
            self.statuses.pop(sub_id, None)
        else:
            self.statuses[sub_id] = decode_json_record(value, SubscriptionStatus)


def encode(sub: Subscription, sealer: Sealer) -> tuple[bytes, bytes]:
    """The record to store: channel secrets encrypted."""
    return sub.id.encode(), seal_subscription(sub, sealer).dumps()


def status_key(sub_id: str) -> bytes:
    return f"{sub_id}{STATUS_SUFFIX}".encode()


def load(settings: Settings, timeout: float = 10.0) -> SubscriptionState:
    """Read the whole compacted topic up to its current end; MediamonError when nothing arrives for
    `timeout` seconds before it."""
    state = SubscriptionState(sealer_for(settings))
    name = settings.topic(ALERTS_SUBSCRIPTIONS)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False,
                             **kafka_client_options(settings))
    try:
        partitions = [TopicPartition(name, p) for p in sorted(consumer.partitions_for_topic(name) or ())]
        if not partitions:
            raise MediamonError(f"topic {name} does not exist: run `mediamon stack up` (or kafka setup) first")
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        try:
            read_to_end(consumer, consumer.end_offsets(partitions), state.apply_record, timeout)
        except KafkaTimeoutError as exc:
            raise MediamonError(str(exc)) from exc
        return state
    finally:
        consumer.close()


def write(settings: Settings, records: list[tuple[bytes, bytes | None]]) -> None:
    """Produce records (None = tombstone) and wait until the broker has them all."""
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", **kafka_client_options(settings))
    try:
        for key, value in records:
            producer.send(settings.topic(ALERTS_SUBSCRIPTIONS), key=key, value=value)
        producer.flush(timeout=10)
    finally:
        producer.close()


def find(settings: Settings, sub_id: str) -> tuple[Subscription, SubscriptionStatus | None]:
    state = load(settings)
    sub = state.index.get(sub_id)
    if sub is None:
        raise SubscriptionNotFound(f"no subscription {sub_id!r} (see `mediamon alerts list`)")
    return sub, state.statuses.get(sub_id)


def save(settings: Settings, sub: Subscription) -> None:
    write(settings, [encode(sub, sealer_for(settings))])


def remove(settings: Settings, sub_id: str) -> None:
    find(settings, sub_id)
    write(settings, [(sub_id.encode(), None), (status_key(sub_id), None)])


def set_paused(settings: Settings, sub_id: str, paused: bool) -> Subscription:
    sub, _ = find(settings, sub_id)
    sub.paused = paused
    save(settings, sub)
    return sub
