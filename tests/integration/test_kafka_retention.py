"""Topics are created with the retention of topology.py, and the local server honours it, so
`make run` keeps a bounded amount of Kafka data however long it runs."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_ENRICHED, ARTICLES_RAW, TOPICS, TopicSpec


def test_every_topic_is_created_with_its_retention(stack_settings: Settings) -> None:
    admin = KafkaAdminClient(bootstrap_servers=stack_settings.kafka_bootstrap)
    try:
        for spec in TOPICS:
            name = stack_settings.topic(spec.name)
            described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
            configs = {key: value["value"] for key, value in described["topic"][name].items()}
            wanted = spec.configs(stack_settings.kafka_retention_bytes_per_partition)
            assert {key: configs.get(key) for key in wanted} == wanted, spec.name
    finally:
        admin.close()
    budget = stack_settings.kafka_retention_bytes_per_partition
    raw = next(spec for spec in TOPICS if spec.name == ARTICLES_RAW).configs(budget)
    assert raw["retention.ms"] == str(7 * 24 * 3600 * 1000) and raw["retention.bytes"] == str(32_000_000)
    assert next(spec for spec in TOPICS if spec.name == ARTICLES_ENRICHED).configs(budget) == raw


def test_the_local_server_drops_records_beyond_retention_bytes(stack_settings: Settings) -> None:
    """The configs topology.py generates, scaled down to 100 kB a partition."""
    name = stack_settings.topic("retention-probe")
    configs = TopicSpec(name).configs(100_000)
    admin = KafkaAdminClient(bootstrap_servers=stack_settings.kafka_bootstrap)
    admin.create_topics([NewTopic(name, 1, 1, topic_configs=configs)])
    admin.close()
    producer = KafkaProducer(bootstrap_servers=stack_settings.kafka_bootstrap)
    for _ in range(2000):
        producer.send(name, b"x" * 1000)
    producer.flush()
    producer.close()
    consumer = KafkaConsumer(bootstrap_servers=stack_settings.kafka_bootstrap, enable_auto_commit=False)
    partition = TopicPartition(name, 0)
    deadline = time.monotonic() + 15  # the server applies retention in the background, about once a second
    try:
        while True:
            first, end = consumer.beginning_offsets([partition])[partition], consumer.end_offsets([partition])[partition]
            if (end - first) * 1000 <= 125_000 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        consumer.close()
    assert end == 2000 and (end - first) * 1000 <= 125_000, f"kept offsets {first}..{end} of 2 MB, 100 kB allowed"
