"""A rebalance that assigns a worker nothing at all must end in a rejoin, not in a dead consumer.

The broker sends empty assignment bytes to a member the leader's plan left out. Unpatched
aiokafka fails to decode them, its coordination task ends and that member never rejoins (seen
once in three runs of the two-worker fault test). Here a real leader on the local server leaves
one member out of its first plan on purpose.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.consumer import consumer as aiokafka_consumer
from aiokafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW
from processors.kafka_compat import RejoiningGroupCoordinator, rejoin_on_empty_assignments

SETTLE_SECONDS = 40.0


class LeavesOneMemberOutOnce(RoundRobinPartitionAssignor):
    """Round robin, except that the first plan for two or more members omits the last of them."""

    left_out: list[str] = []

    @classmethod
    def assign(cls, cluster, member_metadata):  # type: ignore[no-untyped-def]  # aiokafka's signature
        plan = super().assign(cluster, member_metadata)
        if len(plan) > 1 and not cls.left_out:
            cls.left_out.append(max(plan))
            del plan[max(plan)]
        return plan


async def _assignments_after_a_plan_that_leaves_a_member_out(settings: Settings) -> list[set[TopicPartition]]:
    topic = settings.topic(ARTICLES_RAW)
    consumers = [AIOKafkaConsumer(topic, bootstrap_servers=settings.kafka_bootstrap, group_id=settings.app_id,
                                  partition_assignment_strategy=(LeavesOneMemberOutOnce,),
                                  enable_auto_commit=False, session_timeout_ms=10_000, heartbeat_interval_ms=500)
                 for _ in range(2)]
    try:
        for consumer in consumers:
            await consumer.start()
        everything = consumers[0].partitions_for_topic(topic) or set()
        deadline = asyncio.get_running_loop().time() + SETTLE_SECONDS
        while asyncio.get_running_loop().time() < deadline:
            # Consumers only take part in the group while they poll.
            for consumer in consumers:
                await consumer.getmany(timeout_ms=100)
            held = [consumer.assignment() for consumer in consumers]
            if all(held) and {tp.partition for tps in held for tp in tps} == everything:
                break
        return [consumer.assignment() for consumer in consumers]
    finally:
        for consumer in consumers:
            await consumer.stop()


def test_a_member_left_out_of_a_plan_rejoins_and_gets_partitions(
        stack_settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(aiokafka_consumer, "GroupCoordinator", aiokafka_consumer.GroupCoordinator)  # restored after
    monkeypatch.setattr(LeavesOneMemberOutOnce, "left_out", [])
    monkeypatch.setattr(RejoiningGroupCoordinator, "coordination_failure", None)
    rejoin_on_empty_assignments()
    with caplog.at_level(logging.WARNING, logger="processors.kafka_compat"):
        held = asyncio.run(_assignments_after_a_plan_that_leaves_a_member_out(stack_settings))
    assert LeavesOneMemberOutOnce.left_out, "the leader never planned for two members"
    assert "assigned member" in caplog.text and "nothing (empty assignment)" in caplog.text
    assert RejoiningGroupCoordinator.coordination_failure is None
    assert all(held), f"a member holds no partition after {SETTLE_SECONDS:.0f} s: {held}"
