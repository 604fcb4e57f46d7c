"""Break the running pipeline on purpose; every article must still come out exactly once.

Each scenario serves N = 2,000 generated articles from 20 RSS feeds that grow over 20 s, runs the
real poller and worker subprocesses against a private noida-db, breaks one thing mid-stream, and
then counts: articles in == unique ids in Elasticsearch + records in articles.dlq, no id twice.
See deploy/RELIABILITY.md for what guarantees each result.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings
from processors.liveness import EXIT_STALLED
from tests.conftest import MediamonProcess, private_stack, run_mediamon
from tests.faults_support import (
    FeedFarm,
    Outcome,
    count_indexed,
    dump,
    outcome,
    raw_count,
    service,
    wait_for,
)

FEEDS, PER_FEED, SPREAD = 20, 100, 20.0
OUTAGE_SECONDS = 20.0
CATCH_UP_SECONDS = 180.0


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with private_stack(tmp_path_factory.mktemp("fault-stack"), partitions=4) as settings:
        yield settings


@dataclass
class Run:
    """One scenario: its settings, feeds and the processes a fault may break."""

    settings: Settings
    farm: FeedFarm
    folder: Path
    feeds_file: Path
    poller: MediamonProcess | None = None
    workers: dict[str, MediamonProcess] = field(default_factory=dict)
    restarts: int = 0
    supervisor_restarts: list[str] = field(default_factory=list)

    def start_poller(self) -> None:
        self.restarts += 1
        self.poller = MediamonProcess(self.settings, ["poll", "--feeds", str(self.feeds_file)],
                                      self.folder / f"poller-{self.restarts}.log")

    def start_worker(self, name: str) -> None:
        # A stable group.instance.id per worker slot (static membership): a restarted worker takes
        # its partitions back at once instead of waiting for the dead member's session to expire.
        self.restarts += 1
        self.workers[name] = MediamonProcess(self.settings, ["worker"], self.folder / f"{name}-{self.restarts}.log",
                                             MEDIAMON_WORKER_INSTANCE_ID=f"{self.settings.app_id}-{name}")

    def supervise(self) -> None:
        """What compose's `restart: unless-stopped` does: start again a worker that exited (the
        liveness check makes a stalled worker exit, processors/liveness.py)."""
        for name, process in list(self.workers.items()):
            code = process.process.poll()
            if code is not None:
                process.stop()
                self.supervisor_restarts.append(f"{name} exited {code}")
                self.start_worker(name)

    def indexed(self) -> int:
        return count_indexed(self.settings)

    def stop_all(self) -> None:
        for process in [self.poller, *self.workers.values()]:
            if process is not None:
                process.stop()


@pytest.fixture()
def run(fault_stack: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Run]:
    """Indexes into Elasticsearch unless the test asks for another backend (indirect parameter)."""
    unique = uuid.uuid4().hex[:8]
    settings = fault_stack.model_copy(update={
        "search_backend": getattr(request, "param", "elasticsearch"),
        "topic_prefix": f"f{unique}.", "index_prefix": f"f{unique}-", "app_id": f"mediamon-faults-{unique}",
        "data_dir": tmp_path / "data",
        # Twenty feeds on one local host, each due every second: lift the politeness limits.
        "poll_min_interval": 1.0, "poll_per_host_delay": 0.0, "poll_per_host_limit": 8,
        "index_batch_seconds": 0.5})
    ensure_topics(settings)
    setup = run_mediamon(settings, "es", "setup")
    assert setup.returncode == 0, setup.stderr
    farm = FeedFarm(FEEDS, PER_FEED, SPREAD)
    scenario = Run(settings, farm, tmp_path, farm.write_feed_list(tmp_path / "feeds.yaml"))
    try:
        yield scenario
    finally:
        scenario.stop_all()
        farm.close()


def _finish(run: Run) -> Outcome:
    """Wait until every article came out (or the time is up), then check exactly once."""
    expected = run.farm.expected_ids()
    latest: list[Outcome] = []

    def complete() -> bool:
        run.supervise()
        latest[:] = [outcome(run.settings)]
        return latest[0].out_ids >= expected

    try:
        wait_for(complete, CATCH_UP_SECONDS, "every article to come out", step=2.0)
    except AssertionError:
        pass
    time.sleep(3)  # late duplicates would land now
    result = outcome(run.settings)
    dump(run.folder / "outcome.json", {"summary": result.describe(expected), "raw_records": raw_count(run.settings),
                                       "supervisor_restarts": run.supervisor_restarts})
    assert result.out_ids == expected and result.documents == len(result.indexed) \
        and all(n == 1 for n in (result.indexed + result.dead_letters).values()), \
        f"{result.describe(expected)}; logs in {run.folder}"
    return result


def _midstream(run: Run, share: float = 0.25) -> None:
    def reached() -> bool:
        run.supervise()
        return run.indexed() >= share * run.farm.total

    wait_for(reached, 120, f"{share:.0%} of the articles indexed")


@pytest.mark.parametrize("run", ["elasticsearch", "local"], indirect=True)
def test_worker_killed_and_restarted(run: Run) -> None:
    run.start_worker("w1")
    run.start_poller()
    _midstream(run)
    run.workers["w1"].kill9()
    time.sleep(2)
    run.start_worker("w1")
    _finish(run)


@pytest.mark.parametrize("server", ["kafka", "elasticsearch"])
def test_server_down_for_20_seconds(run: Run, fault_stack: Settings, server: str) -> None:
    """Poller and worker keep retrying while the server is away, then catch up."""
    run.start_worker("w1")
    run.start_poller()
    _midstream(run)
    service(fault_stack, "stop", server)
    time.sleep(OUTAGE_SECONDS)
    service(fault_stack, "start", server)
    _finish(run)


def test_one_of_two_workers_killed(run: Run) -> None:
    """The rebalances around the kill make faust skip fetched records on the local server: commits
    never cross them and partitions without a committed offset are read from the start
    (processors/kafka_compat.py); a worker left with lag and no commits exits (processors/liveness.py,
    30 s here) and `_finish` restarts it, as compose would."""
    run.settings = run.settings.model_copy(update={"worker_stall_seconds": 30.0})
    run.start_worker("w1")
    run.start_worker("w2")
    run.start_poller()
    _midstream(run)
    run.workers["w2"].kill9()
    time.sleep(5)
    run.start_worker("w2")
    _finish(run)


def test_worker_without_progress_exits_for_its_supervisor(run: Run, fault_stack: Settings) -> None:
    """Lag that no commit reduces (here the indexer cannot index, so it commits nothing) makes the
    worker exit with EXIT_STALLED once `worker_stall_seconds` passed; restarted, it catches up."""
    run.settings = run.settings.model_copy(update={"worker_stall_seconds": 15.0})
    run.start_worker("w1")
    run.start_poller()
    _midstream(run, share=0.1)
    worker = run.workers["w1"]
    service(fault_stack, "stop", "elasticsearch")
    try:
        wait_for(lambda: worker.process.poll() is not None, 90, "the stalled worker to exit")
    finally:
        service(fault_stack, "start", "elasticsearch")
    assert worker.process.returncode == EXIT_STALLED, worker.log()[-2000:]
    _finish(run)
    # A restarted worker still waiting for the index to come back may stall (and exit) once more.
    assert run.supervisor_restarts and set(run.supervisor_restarts) == {f"w1 exited {EXIT_STALLED}"}


def test_poller_restarted_mid_poll(run: Run) -> None:
    run.start_worker("w1")
    run.start_poller()
    wait_for(lambda: raw_count(run.settings) >= 0.3 * run.farm.total, 120, "30% of the articles published")
    assert run.poller is not None
    run.poller.kill9()
    run.start_poller()
    _finish(run)
    assert raw_count(run.settings) <= run.farm.total * 1.05, "a poller restart must not republish the feeds"
