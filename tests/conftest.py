"""Shared fixtures: a real local stack (noida-db) on free ports, unique names per test, shared/ data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One noida-db (Kafka + Elasticsearch) for the whole test session, on free loopback ports."""
    data_dir = tmp_path_factory.mktemp("stack")
    base = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                    data_dir=data_dir, topic_partitions=2)
    stack.up(base, timeout=90)
    try:
        yield base
    finally:
        stack.down(base)


@pytest.fixture()
def stack_settings(local_stack: Settings) -> Settings:
    """Settings on the session stack with unique topic/index names and app id for this test."""
    unique = uuid.uuid4().hex[:8]
    settings = local_stack.model_copy(update={"topic_prefix": f"t{unique}.", "index_prefix": f"t{unique}-",
                                              "app_id": f"mediamon-test-{unique}"})
    ensure_topics(settings)
    return settings
