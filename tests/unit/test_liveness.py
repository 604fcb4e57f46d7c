"""A worker that stopped making progress must be told apart from one that is idle or busy."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.health import beat
from mediamon.settings import Settings
from processors.liveness import StallWatch, stall_reason

RAW = ("articles.raw", 0)
RAW2 = ("articles.raw", 2)


def _run(watch: StallWatch, looks: list[tuple[float, dict, dict]]) -> float:
    stalled = 0.0
    for now, committed, ends in looks:
        stalled = watch.observe(committed, ends, now)
    return stalled


@pytest.mark.parametrize(("looks", "stalled"), [
    # Caught up: no lag, so never stalled however long nothing arrives.
    ([(10, {RAW: 50}, {RAW: 50}), (100, {RAW: 50}, {RAW: 50})], 0),
    # Lag but the committed offset moves: working through a backlog.
    ([(10, {RAW: 10}, {RAW: 500}), (20, {RAW: 60}, {RAW: 500}), (30, {RAW: 120}, {RAW: 500})], 0),
    # Lag and the committed offset stuck since t=10 (records skipped after a rebalance).
    ([(10, {RAW: 114}, {RAW: 470}), (20, {RAW: 114}, {RAW: 470}), (45, {RAW: 114}, {RAW: 481})], 35),
    # One partition stuck while another advances is still a stall.
    ([(10, {RAW: 10, RAW2: 114}, {RAW: 90, RAW2: 470}), (40, {RAW: 80, RAW2: 114}, {RAW: 90, RAW2: 470})], 30),
    # Nothing committed yet in the group while records wait.
    ([(5, {}, {RAW: 300}), (40, {}, {RAW: 300})], 35),
    # No partition at all since the start (t=0).
    ([(10, {}, {}), (50, {}, {})], 50),
    # Had partitions until t=20, none since.
    ([(20, {RAW: 5}, {RAW: 5}), (30, {}, {}), (80, {}, {})], 60),
])
def test_stall_is_lag_without_commits_or_no_assignment(looks: list, stalled: float) -> None:
    assert _run(StallWatch(started=0.0), looks) == stalled


def test_a_partition_stuck_for_the_reread_delay_is_read_again_once_per_stall() -> None:
    watch = StallWatch(started=0.0)
    watch.observe({RAW: 1, RAW2: 40}, {RAW: 2, RAW2: 90}, now=10)
    assert watch.due_for_reread(now=20, after=30) == {}
    watch.observe({RAW: 1, RAW2: 60}, {RAW: 2, RAW2: 90}, now=40)
    assert watch.due_for_reread(now=40, after=30) == {RAW: 1}  # RAW2 advances: it is only busy
    watch.observe({RAW: 1, RAW2: 90}, {RAW: 2, RAW2: 90}, now=50)
    assert watch.due_for_reread(now=50, after=30) == {}  # asked for once in this stall
    watch.observe({RAW: 2, RAW2: 90}, {RAW: 3, RAW2: 90}, now=60)
    watch.observe({RAW: 2, RAW2: 90}, {RAW: 3, RAW2: 90}, now=95)
    assert watch.due_for_reread(now=95, after=30) == {RAW: 2}  # a new stall after progress


def test_a_partition_without_a_committed_offset_is_read_again_from_its_earliest() -> None:
    watch = StallWatch(started=0.0)
    watch.observe({}, {RAW: 300}, now=5)
    assert watch.due_for_reread(now=40, after=30) == {RAW: None}


def test_health_fails_for_a_stalled_worker(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, worker_stall_seconds=60)
    env = {"MEDIAMON_DATA_DIR": str(tmp_path), "MEDIAMON_WORKER_STALL_SECONDS": "60"}
    beat(settings, "worker", assigned_partitions=2, stalled_seconds=75.0)
    result = CliRunner().invoke(cli, ["health", "worker"], env=env)
    assert result.exit_code == 1 and "no progress for 75 s" in result.output
    beat(settings, "worker", assigned_partitions=2, stalled_seconds=12.0)
    assert CliRunner().invoke(cli, ["health", "worker"], env=env).exit_code == 0


def test_health_of_one_stage_ignores_the_other_stages(tmp_path: Path) -> None:
    env = {"MEDIAMON_DATA_DIR": str(tmp_path)}
    beat(Settings(data_dir=tmp_path), "worker", stage="enrich", assigned_partitions=4, stalled_seconds=0.0)
    missing = CliRunner().invoke(cli, ["health", "worker", "--stage", "index"], env=env)
    assert missing.exit_code == 1 and "no heartbeat of stage index" in missing.output
    assert CliRunner().invoke(cli, ["health", "worker", "--stage", "enrich"], env=env).exit_code == 0


@pytest.mark.parametrize(("skipped", "coordination", "stalled", "reason"), [
    (None, None, 12.0, None),
    (None, None, None, None),  # offsets unreadable (Kafka away): no judgement
    (None, None, 75.0, "no progress for 75 s (lag or no assignment)"),
    ("offsets 115-469 of articles.raw[1]", None, 3.0, "offsets 115-469 of articles.raw[1] skipped"),
    (None, "group mediamon: KafkaError", None, "group coordination ended (group mediamon: KafkaError)"),
])
def test_a_worker_exits_when_stalled_when_it_skipped_records_or_when_it_can_never_rejoin(
        skipped: str | None, coordination: str | None, stalled: float | None, reason: str | None) -> None:
    found = stall_reason(skipped, coordination, stalled, stall_limit=60.0)
    assert found == reason if reason is None else found.startswith(reason)
