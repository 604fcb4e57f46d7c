"""The Faust indexer in a real `mediamon worker`: rejects go to the DLQ with the ES error, and an
Elasticsearch outage loses nothing, even when the worker is stopped while ES is still down."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from mediamon import stack
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_DLQ, ARTICLES_ENRICHED
from tests.integration.articles import article, prepared

NOIDA = str(Path(sys.executable).parent / "noida-db")


def _produce(settings: Settings, records: list[tuple[str, bytes]]) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")
    for key, value in records:
        producer.send(settings.topic(ARTICLES_ENRICHED), key=key.encode(), value=value)
    producer.flush()
    producer.close()


def _indexed_ids(settings: Settings) -> set[str]:
    from mediamon.elastic import sync_client

    es = sync_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    answer = es.search(index=settings.index_name("articles"), query={"match_all": {}}, size=1000, source=False)
    return {hit["_id"] for hit in answer["hits"]["hits"]}


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _dead_letters(settings: Settings, timeout: float = 5) -> list[dict]:
    consumer = KafkaConsumer(settings.topic(ARTICLES_DLQ), bootstrap_servers=settings.kafka_bootstrap,
                             auto_offset_reset="earliest", consumer_timeout_ms=int(timeout * 1000))
    try:
        return [json.loads(message.value) for message in consumer]
    finally:
        consumer.close()


def _committed(settings: Settings) -> int:
    """Offsets the worker's consumer group committed on articles.enriched, summed over partitions."""
    topic = settings.topic(ARTICLES_ENRICHED)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=settings.app_id,
                             enable_auto_commit=False)
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        return sum(consumer.committed(TopicPartition(topic, p)) or 0 for p in partitions)
    finally:
        consumer.close()


def _articles(count: int, prefix: str) -> list[tuple[str, bytes]]:
    now = datetime.now(timezone.utc)
    return [(f"{prefix}{n}", article(f"{prefix}{n}", f"Новость {n}", "ОДКБ", "ru", now, entities=("CSTO",)).dumps())
            for n in range(count)]


def test_a_document_elasticsearch_rejects_goes_to_the_dlq_with_the_error(stack_settings: Settings, worker_factory,
                                                                        tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    prepared(settings)
    worker = worker_factory(settings)
    good = _articles(2, "good")
    bad = json.loads(good[0][1])
    bad.update(id="bad1", mentions=[{**bad["mentions"][0], "confidence": "very high"}])
    _produce(settings, [good[0], ("bad1", json.dumps(bad).encode()), good[1]])

    _wait_for(lambda: _indexed_ids(settings) == {"good0", "good1"}, 60, "the two good articles")
    _wait_for(lambda: bool(_dead_letters(settings, 1)), 30, "a dead letter")
    (letter,) = _dead_letters(settings)
    assert letter["stage"] == "index" and letter["key"] == "bad1"
    assert "mentions.confidence" in letter["error"] and "very high" in letter["payload"]
    assert worker.process.poll() is None


def test_a_worker_started_before_setup_installs_the_template_and_alias_first(stack_settings: Settings,
                                                                             worker_factory, tmp_path: Path) -> None:
    """Without it, the first document would create an index with dynamic mappings behind no alias."""
    from mediamon.elastic import sync_client

    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    es = sync_client(settings)
    assert not es.indices.exists_alias(name=settings.index_name("articles"))
    worker_factory(settings)
    _produce(settings, _articles(1, "early"))
    _wait_for(lambda: es.indices.exists_alias(name=settings.index_name("articles"))
              and _indexed_ids(settings) == {"early0"}, 60, "the article, found through the alias")
    mappings = es.indices.get_mapping(index=settings.index_name("articles"))
    assert all(index["mappings"]["properties"]["lang"]["type"] == "keyword" for index in mappings.values())


@pytest.fixture()
def elasticsearch_switch(local_stack: Settings) -> Iterator[Callable[[str], None]]:
    """Stop/start only the Elasticsearch service of the session's noida-db; always restarted at the end."""
    data_dir = str((local_stack.data_dir / stack.STACK_DIR).resolve())

    def switch(action: str) -> None:
        subprocess.run([NOIDA, action, "elasticsearch", "--data-dir", data_dir], check=True, capture_output=True,
                       timeout=60)
        if action == "start":
            _wait_for(lambda: stack.elasticsearch_answers(local_stack, 1), 60, "Elasticsearch to answer")

    yield switch
    switch("start")


def test_an_elasticsearch_outage_loses_nothing_even_across_a_worker_restart(
        stack_settings: Settings, worker_factory, elasticsearch_switch, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data", "index_retry_max_seconds": 1.0})
    prepared(settings)
    first = worker_factory(settings)
    before = _articles(5, "before")
    _produce(settings, before)
    _wait_for(lambda: len(_indexed_ids(settings)) == 5, 60, "articles indexed before the outage")
    _wait_for(lambda: _committed(settings) == 5, 30, "the first batch's offsets to be committed")

    elasticsearch_switch("stop")
    during = _articles(20, "during")
    _produce(settings, during)
    _wait_for(lambda: "Elasticsearch unavailable" in first.log(), 30, "the indexer to start retrying")
    time.sleep(3)  # several commit intervals: nothing unindexed may be committed meanwhile
    assert _committed(settings) == 5, "offsets of unindexed records must not be committed"
    first.stop()  # SIGTERM while the batch is still waiting for Elasticsearch
    assert first.process.returncode == 0, "the worker must stop cleanly, not hang until killed"
    assert _committed(settings) == 5

    elasticsearch_switch("start")
    worker_factory(settings)
    expected = {key for key, _ in before + during}
    _wait_for(lambda: _indexed_ids(settings) == expected, 90, "every article after recovery")
    assert _dead_letters(settings, 1) == []
