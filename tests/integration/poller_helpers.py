"""Helpers for the poller's integration tests: read back what the poller put on Kafka."""

from __future__ import annotations

import json
import time

from kafka import KafkaConsumer, TopicPartition

from mediamon.records import RawArticle, decode_raw_article
from mediamon.settings import Settings


def topic_size(settings: Settings, topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap)
    try:
        name = settings.topic(topic)
        partitions = [TopicPartition(name, p) for p in consumer.partitions_for_topic(name) or ()]
        return sum(consumer.end_offsets(partitions).values())
    finally:
        consumer.close()


def read_topic(settings: Settings, topic: str, expected: int, timeout: float = 30) -> list[tuple[bytes, bytes]]:
    """(key, value) of every record on the topic, waiting until at least `expected` arrived."""
    consumer = KafkaConsumer(settings.topic(topic), bootstrap_servers=settings.kafka_bootstrap,
                             auto_offset_reset="earliest", consumer_timeout_ms=1000)
    records: list[tuple[bytes, bytes]] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            records += [(m.key, m.value) for m in consumer]
            if len(records) >= expected:
                time.sleep(0.5)
                records += [(m.key, m.value) for m in consumer]
                break
        return records
    finally:
        consumer.close()


def read_articles(settings: Settings, topic: str, expected: int) -> list[RawArticle]:
    articles = []
    for key, value in read_topic(settings, topic, expected):
        article = decode_raw_article(value)
        assert key == article.id.encode(), "records are keyed by article id"
        articles.append(article)
    return articles


def read_json(settings: Settings, topic: str, expected: int) -> list[dict]:
    return [json.loads(value) for _key, value in read_topic(settings, topic, expected)]
