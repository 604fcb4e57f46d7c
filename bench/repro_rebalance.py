"""Minimal checks of the local server's consumer-group behaviour behind the two-worker fault test.

`python -m bench.repro_rebalance` starts a private noida-db and, with plain aiokafka (no faust):
1. counts the Fetch requests one idle consumer sends in 5 s: Kafka holds an empty fetch for
   `fetch_max_wait_ms` (≈ 2 requests/s at 500 ms), a server that answers at once makes every
   consumer spin (the ~80 % CPU of idle workers);
2. commits offsets with two static members (`group_instance_id`), restarts one under the same id,
   and reports what OffsetFetch answers, to members in their assignment callback (where faust
   seeks to the committed offsets) and to an outside probe: "no committed offset" there would make
   a member resume from a stale position (deploy/RELIABILITY.md).
Prints figures and the machine; works against any Kafka with `--bootstrap HOST:PORT`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.consumer import fetcher

from bench.machine import machine_line
from mediamon import stack
from mediamon.settings import Settings

PARTITIONS, GROUP = 4, f"repro-{os.getpid()}"


class SeekToCommitted(ConsumerRebalanceListener):
    """What faust does on every assignment; records what the broker said."""

    def __init__(self, name: str, seen: list[tuple[str, dict[int, int | None]]]) -> None:
        self.name, self.seen, self.consumer = name, seen, None

    async def on_partitions_revoked(self, revoked: object) -> None:
        return None

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        if assigned and self.consumer is not None:
            got = await self.consumer.seek_to_committed(*assigned)
            self.seen.append((self.name, {tp.partition: got.get(tp) for tp in assigned}))


def member(bootstrap: str, topic: str, name: str, seen: list) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=GROUP, group_instance_id=name,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                session_timeout_ms=10_000, heartbeat_interval_ms=1_000)
    listener = SeekToCommitted(name, seen)
    listener.consumer = consumer
    consumer.subscribe([topic], listener=listener)
    return consumer


async def consume(consumer: AIOKafkaConsumer, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await consumer.getmany(timeout_ms=200):
            await consumer.commit()


async def empty_fetch_rate(bootstrap: str, topic: str) -> float:
    sent = [0]
    original = fetcher.Fetcher._proc_fetch_request

    async def counted(self: fetcher.Fetcher, *args: object) -> bool:
        sent[0] += 1
        return await original(self, *args)

    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"{GROUP}-idle",
                                fetch_max_wait_ms=500, auto_offset_reset="latest")
    fetcher.Fetcher._proc_fetch_request = counted  # type: ignore[method-assign]
    try:
        await consumer.start()
        await asyncio.sleep(3)
        sent[0], started = 0, time.monotonic()
        await asyncio.sleep(5)
        return sent[0] / (time.monotonic() - started)
    finally:
        fetcher.Fetcher._proc_fetch_request = original  # type: ignore[method-assign]
        await consumer.stop()


async def static_restart(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    for i in range(400):
        await producer.send(topic, b"%d" % i, partition=i % PARTITIONS)
    await producer.stop()
    seen: list[tuple[str, dict[int, int | None]]] = []
    a, b = member(bootstrap, topic, "a", seen), member(bootstrap, topic, "b", seen)
    await a.start()
    await b.start()
    await asyncio.gather(consume(a, 4), consume(b, 4))
    before = len(seen)
    await b.stop()  # a static member sends no LeaveGroup: to the group this is a crash
    b = member(bootstrap, topic, "b", seen)
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False)
    await asyncio.gather(b.start(), probe.start())
    answers = []

    async def watch() -> None:
        for _ in range(40):
            answers.append([await probe.committed(TopicPartition(topic, p)) for p in range(PARTITIONS)])
            await asyncio.sleep(0.1)

    await asyncio.gather(watch(), consume(a, 5), consume(b, 5))
    print("committed offsets each member was told on assignment (None = no committed offset):")
    for position, (name, got) in enumerate(seen):
        when = "at start, nothing committed yet" if position < before else "after the restart"
        print(f"  {name}: {dict(sorted(got.items()))} ({when})")
    unknown = sum(None in answer for answer in answers)
    print(f"outside probe during the restart: {unknown} of {len(answers)} OffsetFetch answers lacked an offset")
    for consumer in (a, b, probe):
        await consumer.stop()


async def run(bootstrap: str) -> None:
    topic = f"repro-{os.getpid()}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    await admin.close()
    print(f"idle consumer, fetch_max_wait_ms=500: {await empty_fetch_rate(bootstrap, topic):.0f} Fetch requests/s "
          f"(Kafka: about 2)")
    await static_restart(bootstrap, topic)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", help="an existing Kafka; default: a private noida-db")
    args = parser.parse_args()
    print(machine_line())
    if args.bootstrap:
        asyncio.run(run(args.bootstrap))
        return
    settings = Settings(kafka_bootstrap=f"127.0.0.1:{_free_port()}", es_url=f"http://127.0.0.1:{_free_port()}",
                        data_dir=Path(tempfile.mkdtemp(prefix="repro-rebalance-")))
    stack.up(settings, timeout=90)
    try:
        asyncio.run(run(settings.kafka_bootstrap))
    finally:
        stack.down(settings)


if __name__ == "__main__":
    main()
