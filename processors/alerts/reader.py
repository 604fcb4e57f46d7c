"""Every worker folds the whole compacted `alerts.subscriptions` topic into memory and follows it.

Why not a Faust GlobalTable: one whose changelog is our compacted topic stalls the group join on
any broker (faust 0.15's assignor looks global tables up by the default changelog name
`<app>-<table>-changelog`, ignoring `changelog_topic`: a KeyError on the leader), and a GlobalTable
fed by an agent keeps a second copy and is known not to stay in sync across several workers
(faust-streaming issue #283). Reading the compacted topic from the beginning with an unassigned
consumer is plain Kafka, and a restarted worker is complete before it matches its first article.
Per-partition state (dedup, delivery, spikes, feeds) does use Faust tables: their changelog
recovery was verified on the local server and by the restart test.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition

from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings
from mediamon.topology import ALERTS_SUBSCRIPTIONS
from processors.alerts.repo import SubscriptionState

log = logging.getLogger(__name__)
MISSING_TOPIC_RETRY = 5


class SubscriptionReader:
    def __init__(self, settings: Settings, state: SubscriptionState) -> None:
        self.settings = settings
        self.state = state
        self.ready = asyncio.Event()

    async def run(self) -> None:
        name = self.settings.topic(ALERTS_SUBSCRIPTIONS)
        consumer = AIOKafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap, enable_auto_commit=False,
                                    **kafka_client_options(self.settings),
                                    group_id=None)
        await consumer.start()
        try:
            partitions = await self._partitions(consumer, name)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            while True:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        self.state.apply(record.key, record.value)
                if not self.ready.is_set() and all([await consumer.position(tp) >= end for tp, end in ends.items()]):
                    log.info("alerts: %d subscriptions loaded from %s", len(self.state.index), name)
                    self.ready.set()
        finally:
            await consumer.stop()

    @staticmethod
    async def _partitions(consumer: AIOKafkaConsumer, name: str) -> list[TopicPartition]:
        """Wait for the topic rather than start with no subscriptions: `mediamon setup` may come later."""
        while True:
            await consumer.topics()
            found = consumer.partitions_for_topic(name)
            if found:
                return [TopicPartition(name, p) for p in sorted(found)]
            log.error("alerts: topic %s does not exist yet (run `mediamon setup`); retrying in %d s", name,
                      MISSING_TOPIC_RETRY)
            await asyncio.sleep(MISSING_TOPIC_RETRY)
