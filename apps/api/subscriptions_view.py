"""The API's follower of `alerts.subscriptions`: one consumer that reads only what is new.

`repo.load` replays the whole compacted topic, which every alerts request used to do. Here the
state from `repo.SubscriptionState` is kept between requests and each request reads the records
appended since the last one (after `repo.write` returns, the broker has them: the writer reads its
own writes). A Kafka failure drops the consumer and state, so the next request starts afresh.
"""

from __future__ import annotations

import threading

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from mediamon.errors import MediamonError
from mediamon.kafka_read import read_to_end
from mediamon.kafka_security import kafka_client_options
from mediamon.records import Subscription, SubscriptionStatus
from mediamon.settings import Settings
from mediamon.topology import ALERTS_SUBSCRIPTIONS
from processors.alerts import repo
from processors.subscriptions.sealing import sealer_for

BOOTSTRAP_MS = 5000


class SubscriptionsView:
    """`current()`: every subscription and status up to the topic's end at the time of the call."""

    WithStatus = tuple[Subscription, SubscriptionStatus | None]

    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        self.settings, self.timeout = settings, timeout
        self._sealer = sealer_for(settings)  # subscriptions' channel secrets are stored encrypted
        self.topic = settings.topic(ALERTS_SUBSCRIPTIONS)
        self._lock = threading.Lock()
        self._consumer: KafkaConsumer | None = None
        self._state = repo.SubscriptionState(self._sealer)

    def current(self) -> dict[str, WithStatus]:
        """A snapshot by id, so requests in other threads may apply records meanwhile."""
        with self._lock:
            try:
                self._catch_up()
            except (KafkaError, MediamonError) as exc:
                self.close()
                raise MediamonError(f"the subscriptions store is unavailable: {exc}") from exc
            state = self._state
            return {sub_id: (found.sub, state.statuses.get(sub_id)) for sub_id, found in state.index.by_id.items()}

    def _open(self) -> KafkaConsumer:
        # A request waits at most BOOTSTRAP_MS for an unreachable Kafka, not the client's default 30 s.
        consumer = KafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap, enable_auto_commit=False,
                                 bootstrap_timeout_ms=BOOTSTRAP_MS, **kafka_client_options(self.settings))
        partitions = [TopicPartition(self.topic, p) for p in sorted(consumer.partitions_for_topic(self.topic) or ())]
        if not partitions:
            consumer.close()
            raise MediamonError(f"topic {self.topic} does not exist (run `mediamon setup`)")
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        self._state = repo.SubscriptionState(self._sealer)
        return consumer

    def _catch_up(self) -> None:
        if self._consumer is None:
            self._consumer = self._open()
        consumer = self._consumer
        # Short polls: a request waits for this.
        read_to_end(consumer, consumer.end_offsets(list(consumer.assignment())), self._state.apply_record,
                    self.timeout, poll_ms=200)

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
