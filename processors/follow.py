"""Read a whole topic from the beginning with an unassigned consumer and keep following it.

For state every worker needs complete (all partitions), which a partitioned Faust table cannot
give: the alert subscriptions (a compacted topic) and the story window (`articles.enriched`).
`ready` is set once the positions reached the end offsets seen at start, so a worker that waits
for it never acts on half its state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition

from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings

log = logging.getLogger(__name__)
MISSING_TOPIC_RETRY = 5


class TopicFollower:
    def __init__(self, settings: Settings, topic: str, apply: Callable[[bytes | None, bytes | None], None],
                 purpose: str) -> None:
        self.settings = settings
        self.topic = topic
        self.apply = apply  # called with each record's key and value, in offset order per partition
        self.purpose = purpose  # names the follower in logs
        self.ready = asyncio.Event()

    async def run(self) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap, enable_auto_commit=False,
                                    **kafka_client_options(self.settings),
                                    group_id=None)
        await consumer.start()
        try:
            partitions = await self._partitions(consumer)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            read = 0
            while True:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        self.apply(record.key, record.value)
                    read += len(records)
                if not self.ready.is_set() and all([await consumer.position(tp) >= end for tp, end in ends.items()]):
                    self.caught_up(read)
                    self.ready.set()
        finally:
            await consumer.stop()

    def caught_up(self, read: int) -> None:
        log.info("%s: caught up with %s (%d records read)", self.purpose, self.topic, read)

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        """Wait for the topic rather than start with no state: `mediamon setup` may come later."""
        while True:
            await consumer.topics()
            found = consumer.partitions_for_topic(self.topic)
            if found:
                return [TopicPartition(self.topic, p) for p in sorted(found)]
            log.error("%s: topic %s does not exist yet (run `mediamon setup`); retrying in %d s", self.purpose,
                      self.topic, MISSING_TOPIC_RETRY)
            await asyncio.sleep(MISSING_TOPIC_RETRY)
