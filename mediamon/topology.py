"""Every Kafka topic of the pipeline in one place: name, value record, retention.

poll -> articles.raw -> enrich -> articles.enriched -> index (search backend) / alerts
Keys are article ids (UTF-8); values are JSON records from `mediamon.records`. Stages that fail on
a record of articles.raw / articles.enriched write it to articles.dlq; alert deliveries to alerts.dlq.

Retention bounds what the broker keeps (the local server holds every record in memory, so it also
bounds `make run`'s memory; bench/RESULTS.md "Kafka at volume"). Time: a week of the pipeline
topics outlasts any indexer or worker outage we plan for; dead letters stay a month for someone to
look at them. Bytes, per partition: 256 MB of articles is about 100,000 articles, four days of 300
busy feeds per partition; with four partitions a topic keeps about 1 GB at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

ARTICLES_RAW = "articles.raw"
ARTICLES_ENRICHED = "articles.enriched"
ARTICLES_DLQ = "articles.dlq"
ALERTS_SUBSCRIPTIONS = "alerts.subscriptions"
ALERTS_OUT = "alerts.out"
ALERTS_DLQ = "alerts.dlq"
FEEDS_HEALTH = "feeds.health"


MB = 1_000_000
WEEK, MONTH = timedelta(days=7), timedelta(days=30)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    retention: timedelta | None = None
    retention_bytes_per_partition: int | None = None
    compacted: bool = False

    def configs(self) -> dict[str, str]:
        """Topic configs as Kafka names them (compacted topics keep every key's latest value)."""
        if self.compacted:
            return {"cleanup.policy": "compact"}
        configs = {}
        # Retention deletes whole segments, and Kafka's default segment (1 GB, rolled weekly) would
        # hold everything: segments of a quarter of the byte limit and a seventh of the time limit
        # keep what is retained within 25 % (resp. one day) of the limit.
        if self.retention is not None:
            configs["retention.ms"] = str(int(self.retention.total_seconds() * 1000))
            configs["segment.ms"] = str(int(self.retention.total_seconds() * 1000) // 7)
        if self.retention_bytes_per_partition is not None:
            configs["retention.bytes"] = str(self.retention_bytes_per_partition)
            configs["segment.bytes"] = str(self.retention_bytes_per_partition // 4)
        return configs


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(ARTICLES_RAW, WEEK, 256 * MB),           # RawArticle
    TopicSpec(ARTICLES_ENRICHED, WEEK, 256 * MB),      # EnrichedArticle
    TopicSpec(ARTICLES_DLQ, MONTH, 64 * MB),           # DeadLetter
    TopicSpec(ALERTS_SUBSCRIPTIONS, compacted=True),   # Subscription and its delivery status
    TopicSpec(ALERTS_OUT, WEEK, 64 * MB),              # Alert
    TopicSpec(ALERTS_DLQ, MONTH, 64 * MB),             # DeadLetter
    TopicSpec(FEEDS_HEALTH, WEEK, 32 * MB),            # FeedHealth
)
