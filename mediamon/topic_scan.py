"""Read what a topic holds now, outside any consumer group, and write records back with acks=all.

The day-two tools (dead-letter replay, reindex, backups of the subscriptions topic) look at a topic
as it is when they start: they read up to the end offsets taken at the start, so a busy topic
cannot keep them reading forever, and they commit nothing, so no worker's group is disturbed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import datetime

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from mediamon.errors import MediamonError
from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings

# A topic whose end offsets we took must be readable to the end within this long without progress.
STALL_SECONDS = 60.0


def scan(settings: Settings, topic: str, since: datetime | None = None) -> Iterator[ConsumerRecord]:
    """Every record of `topic` (a full, prefixed name) from the start, or from the first record
    written at or after `since`, up to the end offsets at the time of the call; partition by partition
    interleaved as Kafka returns them."""
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False,
                             client_id="mediamon-scan", **kafka_client_options(settings))
    try:
        known = consumer.partitions_for_topic(topic)
        if known is None:
            raise MediamonError(f"topic {topic} does not exist (run `mediamon setup`, or check the name)")
        partitions = [TopicPartition(topic, p) for p in sorted(known)]
        ends = consumer.end_offsets(partitions)
        consumer.assign(partitions)
        starts = consumer.beginning_offsets(partitions)
        if since is not None:
            found = consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in partitions})
            starts = {tp: (found[tp].offset if found.get(tp) else ends[tp]) for tp in partitions}
        for tp in partitions:
            consumer.seek(tp, starts[tp])
        yield from _until_ends(consumer, ends)
    finally:
        consumer.close()


def _until_ends(consumer: KafkaConsumer, ends: dict[TopicPartition, int]) -> Iterator[ConsumerRecord]:
    last_progress = time.monotonic()
    while any(consumer.position(tp) < end for tp, end in ends.items()):
        batches = consumer.poll(timeout_ms=500)
        if batches:
            last_progress = time.monotonic()
        elif time.monotonic() - last_progress > STALL_SECONDS:
            raise MediamonError(f"no progress reading {', '.join(sorted({tp.topic for tp in ends}))} "
                                f"for {STALL_SECONDS:.0f} s")
        for tp, records in batches.items():
            yield from (record for record in records if record.offset < ends[tp])


def produce(settings: Settings, records: Iterable[tuple[str, bytes | None, bytes | None]]) -> int:
    """Send (topic, key, value) records with the poller's guarantees (acks=all, idempotent) and wait
    until Kafka acknowledged every one; returns how many were sent."""
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", enable_idempotence=True,
                             client_id="mediamon-replay", **kafka_client_options(settings))
    try:
        futures = [producer.send(topic, key=key, value=value) for topic, key, value in records]
        producer.flush(timeout=60)
        for future in futures:
            future.get(timeout=1)
        return len(futures)
    finally:
        producer.close()
