"""After a small real run (local feed server -> poller -> worker), /metrics shows what happened."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from mediamon.settings import Settings, free_port
from tests.conftest import MediamonProcess, run_mediamon
from tests.integration.test_end_to_end import _write_feeds, feed_server  # noqa: F401 - the fixture

ENRICH_OK = 'mediamon_stage_records_total{outcome="ok",stage="enrich"}'
ENRICHED_LATENCY = 'mediamon_pipeline_latency_seconds_count{step="enriched"}'


def _scrape(port: int) -> dict[str, float]:
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    except OSError:
        return {}
    return {name: float(value) for name, _, value in
            (line.rpartition(" ") for line in body.splitlines() if line and not line.startswith("#"))}


def _wait_for(port: int, name: str, value: float, timeout: float = 120) -> dict[str, float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        scraped = _scrape(port)
        if scraped.get(name, 0) >= value:
            return scraped
        time.sleep(1)
    raise AssertionError(f"{name} did not reach {value} on :{port}; last scrape: {scraped}")


def _wait_for_lag(port: int, timeout: float = 60) -> dict[str, float]:
    """Lag series appear at the worker's liveness heartbeats (every 10 s); wait for one with all consumed."""
    deadline, lag = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        lag = {name: value for name, value in _scrape(port).items()
               if name.startswith("mediamon_consumer_lag_records{")}
        if lag and not any(lag.values()):
            return lag
        time.sleep(1)
    return lag


def test_poller_and_worker_metrics_match_the_articles_processed(
        stack_settings: Settings, feed_server: str, tmp_path: Path) -> None:  # noqa: F811
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    assert run_mediamon(settings, "es", "setup").returncode == 0
    feeds = _write_feeds(tmp_path / "feeds.yaml", feed_server)
    worker_port, poller_port = free_port(), free_port()
    worker = MediamonProcess(settings, ["worker"], tmp_path / "worker.log", MEDIAMON_METRICS_PORT=str(worker_port))
    poller = MediamonProcess(settings, ["poll", "--feeds", str(feeds)], tmp_path / "poller.log",
                             MEDIAMON_POLLER_METRICS_PORT=str(poller_port))
    try:
        polled = _wait_for(poller_port, 'mediamon_feeds_polled_total{outcome="failed"}', 1)
        assert polled['mediamon_feeds_polled_total{outcome="ok"}'] == 2  # the Russian and the English feed
        assert polled["mediamon_articles_published_total"] == 2
        worked = _wait_for(worker_port, ENRICH_OK, 2)
        time.sleep(2)  # nothing more may arrive: each article is counted once
        worked = _scrape(worker_port)
        assert worked[ENRICH_OK] == 2
        assert worked[ENRICHED_LATENCY] == 2
        assert worked['mediamon_pipeline_latency_seconds_count{step="fetched"}'] == 2
        assert worked["process_resident_memory_bytes"] > 10_000_000
        indexed = _wait_for(worker_port, 'mediamon_pipeline_latency_seconds_count{step="indexed"}', 2)
        assert indexed['mediamon_pipeline_latency_seconds_count{step="indexed"}'] == 2
        assert indexed['mediamon_es_bulk_duration_seconds_count{outcome="answered"}'] >= 1
        assert indexed.get('mediamon_es_bulk_rejected_documents_total{outcome="dead_lettered"}', 0) == 0
        lag = _wait_for_lag(worker_port)
        assert lag and all(value == 0 for value in lag.values()), f"everything was consumed: {lag}"
    finally:
        poller.stop()
        worker.stop()
