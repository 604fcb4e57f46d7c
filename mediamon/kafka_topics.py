"""Create the pipeline's topics explicitly (the local server would auto-create them with too few
partitions, and real Kafka may have auto-creation off), with their retention from `topology.py`."""

from __future__ import annotations

import logging

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings
from mediamon.topology import TOPICS

log = logging.getLogger(__name__)


def ensure_topics(settings: Settings) -> list[str]:
    """Create every topic of `mediamon.topology` that is missing; returns the ones created."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="mediamon-setup",
                             **kafka_client_options(settings))
    try:
        existing = set(admin.list_topics())
        wanted = []
        for spec in TOPICS:
            name = settings.topic(spec.name)
            if name in existing:
                continue
            wanted.append(NewTopic(name, num_partitions=settings.topic_partitions,
                                   replication_factor=1,
                                   topic_configs=spec.configs(settings.kafka_retention_bytes_per_partition)))
        created = []
        for topic in wanted:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        if created:
            log.info("created topics: %s", ", ".join(created))
        return created
    finally:
        admin.close()
