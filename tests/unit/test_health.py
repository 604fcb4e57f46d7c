"""`mediamon health` tells a container runtime whether the poller/worker is alive."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from apps.cli import cli
from mediamon.health import beat, latest


def _health(data_dir: Path, role: str, *args: str):
    return CliRunner().invoke(cli, ["health", role, *args], env={"MEDIAMON_DATA_DIR": str(data_dir)})


def test_no_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    result = _health(tmp_path, "worker")
    assert result.exit_code == 1 and "no heartbeat" in result.output


def test_fresh_heartbeat_is_healthy_and_shows_details(tmp_path: Path) -> None:
    from mediamon.settings import Settings

    beat(Settings(data_dir=tmp_path), "poller", feeds=4)
    result = _health(tmp_path, "poller")
    assert result.exit_code == 0 and "'feeds': 4" in result.output


def test_stale_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    from mediamon.settings import Settings

    settings = Settings(data_dir=tmp_path)
    beat(settings, "worker", assigned_partitions=2)
    path = next((tmp_path / "health").glob("worker-*.json"))
    data = json.loads(path.read_text())
    data["at"] = time.time() - 600
    path.write_text(json.dumps(data))
    assert latest(settings, "worker").age() > 590
    result = _health(tmp_path, "worker", "--max-age", "90")
    assert result.exit_code == 1 and "s ago" in result.output
