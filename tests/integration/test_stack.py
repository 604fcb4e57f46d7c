"""The local stack answers as Kafka and Elasticsearch, and topics are created with our partitions."""

from __future__ import annotations

from kafka import KafkaConsumer

from mediamon import stack
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW, TOPICS


def test_stack_reports_both_servers_up(local_stack: Settings) -> None:
    current = stack.status(local_stack)
    assert current.kafka_up and current.elasticsearch_up and not current.external


def test_every_pipeline_topic_exists_with_configured_partitions(stack_settings: Settings) -> None:
    consumer = KafkaConsumer(bootstrap_servers=stack_settings.kafka_bootstrap)
    try:
        topics = consumer.topics()
        assert {stack_settings.topic(spec.name) for spec in TOPICS} <= topics
        partitions = consumer.partitions_for_topic(stack_settings.topic(ARTICLES_RAW))
        assert len(partitions) == stack_settings.topic_partitions
    finally:
        consumer.close()


def test_settings_pointing_elsewhere_count_as_external() -> None:
    assert not Settings(kafka_bootstrap="kafka:9092", es_url="http://elasticsearch:9200").wants_local_stack
