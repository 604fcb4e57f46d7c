"""The worker's consumer never commits past a record still in flight, on faust's real ack bookkeeping."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import faust
import pytest
from aiokafka.cluster import ClusterMetadata
from aiokafka.consumer.subscription_state import SubscriptionState
from aiokafka.errors import KafkaError
from faust.types import TP, Message

from mediamon.settings import Settings
from processors import kafka_compat
from processors.kafka_compat import (ContiguousCommitConsumer, KafkaCompatError, RejoiningGroupCoordinator,
                                     check_compatibility)

RAW = "articles.raw"
TP_RAW = TP(RAW, 0)


def consumer_after(consumer_class: type | None, processed: range, acked: list[int]) -> faust.types.ConsumerT:
    """A real faust consumer (no broker contacted) that committed `processed` and then saw the records
    after it arrive, with only `acked` of them acked: messages go through faust's own track/ack."""
    app = faust.App("compat-test", broker="kafka://127.0.0.1:1", autodiscover=False, web_enabled=False)
    if consumer_class is not None:
        app.transport.Consumer = consumer_class
    consumer = app.consumer
    app.topics._acking_topics.add(RAW)  # what the conductor does for a topic an agent reads with acks
    messages = {offset: Message(RAW, 0, offset, 0.0, 0, None, None, b"{}", None, tp=TP_RAW)
                for offset in range(processed.stop + len(acked) + 2)}
    for offset in processed:
        consumer.track_message(messages[offset])
        consumer.ack(messages[offset])
    consumer._committed_offset[TP_RAW] = consumer._new_offset(TP_RAW)  # faust's commit() records it so
    for offset in range(processed.stop, processed.stop + len(acked) + 1):
        consumer.track_message(messages[offset])
    for offset in acked:
        consumer.ack(messages[offset])
    return consumer


def test_plain_faust_commits_past_a_record_in_flight() -> None:
    """The upstream bug (docs/upstream/faust-commit-past-in-flight.md): offset 10 pending, 11 acked ->
    faust 0.15.3 commits 12. When this fails, faust fixed it: drop the override after re-verifying."""
    assert consumer_after(None, range(10), [11])._new_offset(TP_RAW) == 12


def test_no_commit_while_the_record_at_the_committed_offset_is_in_flight() -> None:
    assert consumer_after(ContiguousCommitConsumer, range(10), [11])._new_offset(TP_RAW) is None
    assert consumer_after(ContiguousCommitConsumer, range(10), [11, 12])._new_offset(TP_RAW) is None


def test_commit_moves_over_the_acked_run_that_starts_at_the_committed_offset() -> None:
    assert consumer_after(ContiguousCommitConsumer, range(10), [10, 11, 13])._new_offset(TP_RAW) == 12


def test_the_installed_versions_are_the_verified_ones() -> None:
    check_compatibility()


@pytest.fixture()
def upgraded_faust(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(kafka_compat.VERIFIED_VERSIONS, "faust-streaming", "0.14.0")
    yield


def test_another_version_is_refused_with_what_to_reverify(upgraded_faust: None) -> None:
    with pytest.raises(KafkaCompatError, match=r"faust-streaming 0\.15\.3 is installed, 0\.14\.0 was verified"):
        check_compatibility()


def test_a_missing_internal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(kafka_compat.USED_INTERNALS, faust.App, ("_no_such_internal",))
    with pytest.raises(KafkaCompatError, match=r"faust\.app\.base\.App\._no_such_internal no longer exists"):
        check_compatibility()


@pytest.mark.parametrize(("kafka", "choice", "paced"), [
    ("127.0.0.1:9092", "auto", True),      # the local server: answers empty fetches at once
    ("kafka:9092", "auto", False),         # docker-compose / production Kafka holds fetches itself
    ("kafka:9092", "on", True),
    ("127.0.0.1:9092", "off", False),
])
def test_fetch_pacing_is_on_for_the_local_server_only(kafka: str, choice: str, paced: bool) -> None:
    es_url = "http://127.0.0.1:9200" if kafka.startswith("127.") else "http://elasticsearch:9200"
    settings = Settings(kafka_bootstrap=kafka, es_url=es_url, kafka_fetch_pacing=choice)
    assert settings.paces_empty_fetches is paced


class ClientWhoseLookupFails:
    """Just enough of aiokafka's client for a coordinator to start; finding the coordinator raises."""

    cluster = ClusterMetadata()

    async def coordinator_lookup(self, *_: object) -> int:
        raise RuntimeError("lookup answer could not be decoded")


async def _coordination_that_dies() -> None:
    subscription = SubscriptionState()
    subscription.register_fetch_waiters(set())  # what the consumer's fetcher does
    coordinator = RejoiningGroupCoordinator(ClientWhoseLookupFails(), subscription, group_id="mediamon-test")
    subscription.subscribe(topics={RAW})
    with pytest.raises(KafkaError, match="Unexpected error during coordination"):
        await asyncio.wait_for(coordinator._coordination_task, 5)


def test_a_coordination_task_that_dies_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """aiokafka never restarts it, so the consumer could never rejoin: liveness exits on this."""
    monkeypatch.setattr(RejoiningGroupCoordinator, "coordination_failure", None)
    asyncio.run(_coordination_that_dies())
    assert RejoiningGroupCoordinator.coordination_failure is not None
    assert "mediamon-test" in RejoiningGroupCoordinator.coordination_failure
    assert "lookup answer could not be decoded" in RejoiningGroupCoordinator.coordination_failure


def test_a_stuck_partition_is_sought_back_only_when_none_of_its_records_is_in_an_agents_hands(
        monkeypatch: pytest.MonkeyPatch) -> None:
    sought: list[tuple[TP, int]] = []

    async def record_seek(self: ContiguousCommitConsumer, tp: TP, offset: int) -> None:
        sought.append((tp, offset))

    monkeypatch.setattr(ContiguousCommitConsumer, "seek", record_seek)
    app = faust.App("compat-test", broker="kafka://127.0.0.1:1", autodiscover=False, web_enabled=False)
    app.transport.Consumer = ContiguousCommitConsumer
    consumer = app.consumer
    app.topics._acking_topics.add(RAW)
    owned = {TP_RAW}
    monkeypatch.setattr(ContiguousCommitConsumer, "assignment", lambda self: owned)
    in_flight = Message(RAW, 0, 10, 0.0, 0, None, None, b"{}", None, tp=TP_RAW)
    consumer.track_message(in_flight)  # an agent is still enriching offset 10
    assert asyncio.run(consumer.reread(TP_RAW, 10)) is False and sought == []
    consumer.ack(in_flight)
    assert asyncio.run(consumer.reread(TP_RAW, 10)) is True and sought == [(TP_RAW, 10)]
    owned.clear()  # a rebalance took the partition after liveness looked
    assert asyncio.run(consumer.reread(TP_RAW, 10)) is False and sought == [(TP_RAW, 10)]
