"""An idle consumer must not spin: the local server answers empty fetches at once (Kafka holds them)."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_DLQ
from processors.kafka_compat import PacedFetcher, pace_empty_fetches


async def _fetches_while_idle(settings: Settings, seconds: float) -> int:
    pace_empty_fetches()
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=None)
    await consumer.start()
    try:
        assert isinstance(consumer._fetcher, PacedFetcher)
        calls = 0
        original = consumer._fetcher._proc_fetch_request

        async def counted(*args: object) -> bool:
            nonlocal calls
            calls += 1
            return await original(*args)

        consumer._fetcher._proc_fetch_request = counted
        consumer.assign([TopicPartition(settings.topic(ARTICLES_DLQ), 0)])
        await asyncio.sleep(seconds)
        return calls
    finally:
        await consumer.stop()


def test_an_idle_consumer_sends_a_bounded_number_of_fetches(stack_settings: Settings) -> None:
    seconds = 2.0
    calls = asyncio.run(_fetches_while_idle(stack_settings, seconds))
    # Unpaced, the local server made it over a thousand a second; Kafka itself about two.
    assert 0 < calls <= 30 * seconds, f"{calls} fetches in {seconds} s"
