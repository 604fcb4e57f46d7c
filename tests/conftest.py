"""Shared fixtures: a real local stack (noida-db) on free ports, unique names per test, shared/ data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mediamon import stack
from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings, free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repository (eval sets, feed corpus); skip clearly when absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is missing: these tests need the team's shared data beside the repo")
    return SHARED_DIR


@contextmanager
def private_stack(data_dir: Path, partitions: int) -> Iterator[Settings]:
    """noida-db on free loopback ports with its data in `data_dir`; stopped (data kept) at the end.
    Searches and indexes Elasticsearch (the local server's), which most integration tests inspect;
    tests of the embedded engine switch `search_backend` to `local` themselves."""
    settings = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                        data_dir=data_dir, topic_partitions=partitions, search_backend="elasticsearch")
    stack.up(settings, timeout=90)
    try:
        yield settings
    finally:
        stack.down(settings)


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One noida-db (Kafka + Elasticsearch) for the whole test session, on free loopback ports."""
    with private_stack(tmp_path_factory.mktemp("stack"), partitions=2) as settings:
        yield settings


@pytest.fixture()
def stack_settings(local_stack: Settings) -> Settings:
    """Settings on the session stack with unique topic/index names and app id for this test."""
    unique = uuid.uuid4().hex[:8]
    settings = local_stack.model_copy(update={"topic_prefix": f"t{unique}.", "index_prefix": f"t{unique}-",
                                              "app_id": f"mediamon-test-{unique}"})
    ensure_topics(settings)
    return settings


def mediamon_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Environment for a `mediamon` subprocess that uses exactly these settings."""
    import os

    env = dict(os.environ)
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        env[f"MEDIAMON_{name.upper()}"] = str(value)
    env.update(extra)
    return env


def run_mediamon(settings: Settings, *args: str, timeout: float = 120, **extra_env: str):
    """Run `mediamon ARGS` in a subprocess with these settings; returns the CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "mediamon", *args], env=mediamon_env(settings, **extra_env),
                          capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT)


class MediamonProcess:
    """`mediamon ARGS` as a real subprocess that a test can stop politely (SIGTERM) or kill -9."""

    def __init__(self, settings: Settings, args: list[str], log_path: Path, **env: str) -> None:
        import subprocess
        import sys

        self.args, self.log_path = args, log_path
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "mediamon", *args], env=mediamon_env(settings, **env),
                                        stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill9(self) -> None:
        import signal

        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 30) -> None:
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
        self._log.close()


def start_worker(settings: Settings, log_path: Path) -> MediamonProcess:
    return MediamonProcess(settings, ["worker"], log_path)


@pytest.fixture()
def worker_factory(tmp_path: Path) -> Iterator:
    """Start `mediamon worker` subprocesses for a test; all are stopped at its end."""
    started: list[MediamonProcess] = []

    def start(settings: Settings) -> MediamonProcess:
        worker = start_worker(settings, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
