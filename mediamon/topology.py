"""Every Kafka topic of the pipeline in one place: name, value record, retention.

poll -> articles.raw -> enrich -> articles.enriched -> index (search backend) / alerts
Keys are article ids (UTF-8); values are JSON records from `mediamon.records`. Stages that fail on
a record of articles.raw / articles.enriched write it to articles.dlq; alert deliveries to alerts.dlq.

Retention bounds what the broker keeps. Time: a week of the pipeline topics outlasts any indexer or
worker outage we plan for; dead letters stay a month for someone to look at them. Bytes: each topic
keeps a share of `Settings.kafka_retention_bytes_per_partition` (the article topics all of it), which
is 256 MB on Kafka (about 100,000 articles per partition) and 32 MB on the local server, which holds
every record in memory at about 5.6 times its size (bench/RESULTS.md "Kafka at volume").
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
    #: Share of the per-partition byte budget this topic may keep.
    budget_share: float = 1.0
    compacted: bool = False

    def configs(self, budget_bytes_per_partition: int) -> dict[str, str]:
        """Topic configs as Kafka names them (compacted topics keep every key's latest value)."""
        if self.compacted:
            return {"cleanup.policy": "compact"}
        retention_ms = int(self.retention.total_seconds() * 1000) if self.retention else 7 * 86_400_000
        retention_bytes = int(budget_bytes_per_partition * self.budget_share)
        # Retention deletes whole segments, and Kafka's default segment (1 GB, rolled weekly) would
        # hold everything: segments of a quarter of the byte limit and a seventh of the time limit
        # keep what is retained within 25 % (resp. one day) of the limit.
        return {"retention.ms": str(retention_ms), "segment.ms": str(retention_ms // 7),
                "retention.bytes": str(retention_bytes), "segment.bytes": str(retention_bytes // 4)}


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(ARTICLES_RAW, WEEK),                           # RawArticle
    TopicSpec(ARTICLES_ENRICHED, WEEK),                      # EnrichedArticle
    TopicSpec(ARTICLES_DLQ, MONTH, budget_share=0.25),       # DeadLetter
    TopicSpec(ALERTS_SUBSCRIPTIONS, compacted=True),         # Subscription and its delivery status
    TopicSpec(ALERTS_OUT, WEEK, budget_share=0.25),          # Alert
    TopicSpec(ALERTS_DLQ, MONTH, budget_share=0.25),         # DeadLetter
    TopicSpec(FEEDS_HEALTH, WEEK, budget_share=0.125),       # FeedHealth
)
