"""Adopt records a killed poller wrote to Kafka but never saw acknowledged.

A kill -9 between Kafka appending a record and the poller receiving the acknowledgement leaves
the record on `articles.raw` yet unmarked in the poll state, so the next poller would publish it
again. The state keeps, per partition, the offset after the last record it marked seen; before
its first publish a new poller reads from there to the current end and marks seen every record
that carries an entry fingerprint, as if the acknowledgement had arrived. Normally that is a
handful of records; records of other producers on the topic are read and skipped.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from ingest.publish import FINGERPRINT_HEADER
from mediamon.kafka_read import read_to_end
from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW

log = logging.getLogger(__name__)

# Reading back must make progress within this long, or Kafka counts as unavailable for this poll.
STALL_SECONDS = 30.0


@dataclass
class Adopted:
    """What the log holds beyond the state: records to mark seen and the positions after them."""

    seen: list[tuple[str, str, str]] = field(default_factory=list)  # (id, fingerprint, feed URL)
    positions: dict[int, int] = field(default_factory=dict)


def read_unacknowledged(settings: Settings, known: dict[int, int]) -> Adopted:
    """Records after `known` (partition -> next offset) up to the end of `articles.raw` at call time.

    With no known positions (a fresh state) nothing of ours can be in the log: the current end
    offsets become the positions. A partition missing from `known` (added later) is read from
    its start. Blocking: run it in a worker thread.
    """
    topic = settings.topic(ARTICLES_RAW)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, client_id="mediamon-poller-recovery",
                             **kafka_client_options(settings),
                             group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
                             request_timeout_ms=15_000, bootstrap_timeout_ms=10_000)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        ends: dict[TopicPartition, int] = consumer.end_offsets(partitions) if partitions else {}
        adopted = Adopted(positions={tp.partition: end for tp, end in ends.items()})
        if not known:
            return adopted
        behind = [tp for tp in partitions if known.get(tp.partition, 0) < ends[tp]]
        consumer.assign(behind)
        for tp in behind:
            consumer.seek(tp, known.get(tp.partition, 0))
        read_to_end(consumer, {tp: ends[tp] for tp in behind}, lambda record: _adopt(record, adopted),
                    STALL_SECONDS, poll_ms=1000)
        return adopted
    finally:
        consumer.close()


def _adopt(record: ConsumerRecord, adopted: Adopted) -> None:
    key, value = record.key, record.value
    fingerprint = dict(record.headers or ()).get(FINGERPRINT_HEADER)
    if key is None or fingerprint is None:
        return
    try:
        feed_url = str(json.loads(value or b"{}").get("feed_url", ""))
    except (ValueError, AttributeError):
        log.warning("record %r on the article topic is not a JSON object; not adopted", key[:80])
        return
    adopted.seen.append((key.decode("utf-8", "replace"), fingerprint.decode("utf-8", "replace"), feed_url))
