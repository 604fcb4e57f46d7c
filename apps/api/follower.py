"""Follow a Kafka topic from the API: read it from the start once, then only what is new.

Requests call `catch_up`, which reads up to the topic's end at the time of the call (after a
write returns, the broker has it: a writer reads its own writes). A Kafka failure drops the
consumer, so the next request starts afresh and rebuilds the state from the beginning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError

from mediamon.errors import MediamonError
from mediamon.kafka_read import read_to_end
from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings

BOOTSTRAP_MS = 5000
Apply = Callable[[ConsumerRecord], None]


class TopicFollower:
    """`catch_up(apply)` hands every record not seen yet to `apply`; `on_reset` runs before a replay
    from the beginning so the caller can drop its state."""

    def __init__(self, settings: Settings, topic: str, on_reset: Callable[[], None], timeout: float = 10.0) -> None:
        self.settings, self.topic, self.timeout = settings, topic, timeout
        self._on_reset = on_reset
        self.lock = threading.Lock()
        self._consumer: KafkaConsumer | None = None

    def catch_up(self, apply: Apply) -> None:
        """Call with `self.lock` held. Raises MediamonError when Kafka fails (state is then reset)."""
        try:
            if self._consumer is None:
                self._consumer = self._open()
            consumer = self._consumer
            # Short polls: a request waits for this.
            read_to_end(consumer, consumer.end_offsets(list(consumer.assignment())), apply, self.timeout, poll_ms=200)
        except (KafkaError, MediamonError) as exc:
            self.close()
            raise MediamonError(f"{self.topic} is unavailable: {exc}") from exc

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
        self._on_reset()
        return consumer

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
