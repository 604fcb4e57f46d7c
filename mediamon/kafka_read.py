"""Read assigned partitions up to given end offsets (kafka-python, blocking): the one catch-up loop
behind the alerts CLI (`repo.load`), the API's subscription follower and the poller's read-back.

The worker's subscription reader follows the topic forever with aiokafka inside faust's event loop,
so it keeps its own loop (processors/alerts/reader.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaTimeoutError


def read_to_end(consumer: KafkaConsumer, ends: Mapping[TopicPartition, int],
                apply: Callable[[ConsumerRecord], None], stall_seconds: float, poll_ms: int = 500) -> None:
    """Hand every record before its partition's end offset to `apply`, in order, and stop with each
    partition positioned exactly at its end (a consumer kept for later calls loses nothing beyond
    it). KafkaTimeoutError when no record arrives for `stall_seconds` before the end."""
    consumer.resume(*ends)
    last_progress = time.monotonic()
    while any(consumer.position(tp) < end for tp, end in ends.items()):
        batches = consumer.poll(timeout_ms=poll_ms)
        if batches:
            last_progress = time.monotonic()
        elif time.monotonic() - last_progress > stall_seconds:
            topics = ", ".join(sorted({tp.topic for tp in ends}))
            raise KafkaTimeoutError(f"timed out reading {topics}: nothing arrived for {stall_seconds:g} s")
        for tp, records in batches.items():
            for record in records:
                if record.offset < ends[tp]:
                    apply(record)
        for tp, end in ends.items():
            if consumer.position(tp) > end:
                consumer.seek(tp, end)
        consumer.pause(*[tp for tp, end in ends.items() if consumer.position(tp) >= end])
