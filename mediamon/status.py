"""The pipeline's status as a user sees it, read from Kafka offsets and the search index.

Read from the servers rather than from process memory, so it stays right across restarts and
for any number of pollers and workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from elasticsearch import ApiError, Elasticsearch, TransportError
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

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


def topic_message_counts(settings: Settings, names: list[str]) -> dict[str, int | None]:
    """Messages ever written per topic (sum of partition end offsets)."""
    counts: dict[str, int | None] = {name: None for name in names}
    try:
        consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, request_timeout_ms=5000)
    except (KafkaError, OSError):
        return counts
    try:
        for name in names:
            partitions = consumer.partitions_for_topic(settings.topic(name)) or set()
            offsets = consumer.end_offsets([TopicPartition(settings.topic(name), p) for p in partitions])
            counts[name] = sum(offsets.values())
    except (KafkaError, OSError):
        pass
    finally:
        consumer.close()
    return counts


def read_status(settings: Settings, es: Elasticsearch) -> PipelineStatus:
    counts = topic_message_counts(settings, [ARTICLES_RAW, ARTICLES_ENRICHED, ARTICLES_DLQ])
    status = PipelineStatus(fetched=counts[ARTICLES_RAW], enriched=counts[ARTICLES_ENRICHED],
                            dead_lettered=counts[ARTICLES_DLQ])
    try:
        answer = es.search(index=settings.index_name("articles"), size=0, track_total_hits=True,
                           aggs={"entities": {"terms": {"field": "entities", "size": 20}}})
    except (ApiError, TransportError):
        return status
    status.indexed = answer["hits"]["total"]["value"]
    status.mentions = {b["key"]: b["doc_count"] for b in answer["aggregations"]["entities"]["buckets"]}
    return status
