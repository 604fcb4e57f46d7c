"""The pipeline's status as a user sees it, read from Kafka offsets and the search index.

Read from the servers rather than from process memory, so it stays right across restarts and
for any number of pollers and workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from elasticsearch import ApiError, Elasticsearch, TransportError
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_DLQ, ARTICLES_ENRICHED, ARTICLES_RAW


@dataclass
class PipelineStatus:
    fetched: int | None = None
    enriched: int | None = None
    dead_lettered: int | None = None
    indexed: int | None = None
    mentions: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        def show(value: int | None) -> str:
            return "?" if value is None else str(value)

        found = ", ".join(f"{entity} {count}" for entity, count in sorted(self.mentions.items())) or "none"
        return (f"fetched {show(self.fetched)} | enriched {show(self.enriched)} | indexed {show(self.indexed)}"
                f" | dead-lettered {show(self.dead_lettered)} | articles mentioning: {found}")


def in_place(line: str, columns: int) -> str:
    """The status line redrawn over the previous one on a terminal. Cut to the width: a wrapped
    line cannot be overwritten by a carriage return and would scroll a new line at every update."""
    return f"\r\x1b[2K{line[:max(columns - 1, 1)]}"


IndexCounts = Callable[[], "tuple[int, dict[str, int]] | None"]


def elasticsearch_counts(settings: Settings, es: Elasticsearch) -> IndexCounts:
    def count() -> tuple[int, dict[str, int]] | None:
        try:
            answer = es.search(index=settings.index_name("articles"), size=0, track_total_hits=True,
                               aggs={"entities": {"terms": {"field": "entities", "size": 20}}})
        except (ApiError, TransportError):
            return None
        return (answer["hits"]["total"]["value"],
                {b["key"]: b["doc_count"] for b in answer["aggregations"]["entities"]["buckets"]})
    return count


def local_counts(settings: Settings) -> IndexCounts:
    from mediamon.search.backend import local_index_path
    from mediamon.search.local.engine import LocalIndex, LocalIndexError

    index = LocalIndex(local_index_path(settings))

    def count() -> tuple[int, dict[str, int]] | None:
        try:
            return index.counts()
        except (LocalIndexError, OSError, ValueError):
            return None
    return count


def index_counts(settings: Settings, es: Callable[[], Elasticsearch]) -> IndexCounts:
    """Articles indexed and per entity, from the configured search backend."""
    return local_counts(settings) if settings.search_backend == "local" else elasticsearch_counts(settings, es())


class StatusReader:
    """Keeps one Kafka consumer (no group: it only reads end offsets) and the index counter open."""

    def __init__(self, settings: Settings, counts: IndexCounts) -> None:
        self.settings = settings
        self.counts = counts
        self._consumer: KafkaConsumer | None = None

    def topic_message_counts(self, names: list[str]) -> dict[str, int | None]:
        """Messages ever written per topic (sum of partition end offsets); None when unreachable."""
        counts: dict[str, int | None] = {name: None for name in names}
        try:
            if self._consumer is None:
                self._consumer = KafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap, **kafka_client_options(self.settings),
                                               request_timeout_ms=5000, enable_auto_commit=False)
            for name in names:
                topic = self.settings.topic(name)
                partitions = self._consumer.partitions_for_topic(topic) or set()
                offsets = self._consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
                counts[name] = sum(offsets.values())
        except (KafkaError, OSError):
            self.close()
        return counts

    def read(self) -> PipelineStatus:
        counts = self.topic_message_counts([ARTICLES_RAW, ARTICLES_ENRICHED, ARTICLES_DLQ])
        status = PipelineStatus(fetched=counts[ARTICLES_RAW], enriched=counts[ARTICLES_ENRICHED],
                                dead_lettered=counts[ARTICLES_DLQ])
        indexed = self.counts()
        if indexed is not None:
            status.indexed, status.mentions = indexed
        return status

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
