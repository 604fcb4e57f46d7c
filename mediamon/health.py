"""Liveness by heartbeat files: each long-running role writes one; `mediamon health ROLE` checks it.

A file (not an HTTP port) works the same in a container healthcheck, under `make run` and for
several workers on one host (the file name carries the process id).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediamon.settings import Settings

HEALTH_DIR = "health"


@dataclass(frozen=True)
class Heartbeat:
    role: str
    pid: int
    at: float
    details: dict[str, Any]

    def age(self, now: float | None = None) -> float:
        return (now or time.time()) - self.at


def _dir(settings: Settings) -> Path:
    return settings.data_dir / HEALTH_DIR


def beat(settings: Settings, role: str, **details: Any) -> None:
    """Record that `role` (this process) is alive, with details such as assigned partitions."""
    folder = _dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{role}-{os.getpid()}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"role": role, "pid": os.getpid(), "at": time.time(), "details": details}))
    temporary.replace(target)


def heartbeats(settings: Settings, role: str) -> list[Heartbeat]:
    found = []
    for path in sorted(_dir(settings).glob(f"{role}-*.json")):
        try:
            data = json.loads(path.read_text())
            found.append(Heartbeat(data["role"], data["pid"], data["at"], data.get("details", {})))
        except (OSError, ValueError, KeyError):
            continue
    return found


def latest(settings: Settings, role: str, stage: str | None = None) -> Heartbeat | None:
    """The newest heartbeat of `role`; of one worker stage's processes when `stage` is given."""
    beats = [b for b in heartbeats(settings, role) if stage is None or b.details.get("stage") == stage]
    return max(beats, key=lambda b: b.at) if beats else None
