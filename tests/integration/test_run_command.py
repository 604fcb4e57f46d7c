"""`mediamon run`, what `make run` starts: its own local stack, sample feeds, poller, worker and the
API with the console, a status line with real results, and a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from mediamon import stack
from mediamon.search.backend import local_index_path
from mediamon.settings import Settings, free_port
from tests.conftest import REPO_ROOT, mediamon_env, run_mediamon

STATUS = re.compile(r"fetched (\d+) \| enriched (\d+) \| indexed (\d+) \| dead-lettered (\d+) \| articles mentioning: (.*)")


def _port_open(host_port: tuple[str, int]) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(host_port) == 0


def test_run_indexes_the_sample_feeds_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    settings = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                        data_dir=tmp_path / "data", sample_feeds_port=free_port(), api_port=free_port())
    process = subprocess.Popen([sys.executable, "-m", "mediamon", "run"], cwd=REPO_ROOT, env=mediamon_env(settings),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True).start()

    def settled() -> re.Match[str] | None:
        """The latest status line once everything fetched was indexed and mentions were found."""
        for line in reversed(lines):
            if (status := STATUS.search(line)) is not None:
                fetched, _enriched, indexed, _dead = map(int, status.groups()[:4])
                return status if fetched > 0 and indexed == fetched and status.group(5) != "none" else None
        return None

    try:
        deadline = time.monotonic() + 240
        while settled() is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
        status = settled()
        assert status is not None, "".join(lines[-20:])
        assert "CSTO" in status.group(5) and "SMO" in status.group(5)
        # make run searches the embedded engine (the local server serves Kafka only): a second
        # terminal's `mediamon search` reads the index the running worker writes.
        assert any("search: embedded index in" in line for line in lines[:3]), "".join(lines[:3])
        found = run_mediamon(settings, "search", "ОДКБ OR CSTO", "--entity", "CSTO", "--json")
        hits = [json.loads(line) for line in found.stdout.splitlines()]
        assert found.returncode == 0 and hits and all("CSTO" in hit["entities"] for hit in hits), found.stderr
        assert local_index_path(settings).is_dir()
        # The console is up, its address among the first lines, and the sign-in token works on the API.
        console = f"http://127.0.0.1:{settings.api_port}/"
        assert any(line.strip() == f"console: {console}" for line in lines[:8]), "".join(lines[:8])
        with urllib.request.urlopen(console, timeout=10) as page:
            assert 'data-page="live"' in page.read().decode()
        token = (settings.data_dir / "api-admin-token").read_text().strip()
        search = urllib.request.Request(f"{console}search?q={urllib.parse.quote('ОДКБ')}",
                                        headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(search, timeout=10) as answer:
            assert json.loads(answer.read())["total"] > 0
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=90) == 0, "".join(lines[-20:])
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    time.sleep(0.5)
    assert lines and lines[-1].strip() == "stopped"
    assert stack.status(settings).pid is None
    assert not _port_open(settings.kafka_host_port) and not _port_open(settings.es_host_port)
    assert not _port_open(("127.0.0.1", settings.sample_feeds_port)), "the sample feed server is stopped too"
    assert not _port_open(("127.0.0.1", settings.api_port)), "the API and console are stopped too"


def test_run_refuses_to_start_when_the_console_port_is_taken(tmp_path: Path) -> None:
    settings = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                        data_dir=tmp_path / "data", sample_feeds_port=free_port(), api_port=free_port())
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", settings.api_port))
        squatter.listen()
        result = subprocess.run([sys.executable, "-m", "mediamon", "run"], cwd=REPO_ROOT, env=mediamon_env(settings),
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {settings.api_port} on 127.0.0.1 for the API and console is taken" in result.stderr
    assert "MEDIAMON_API_PORT" in result.stderr
    assert stack.status(settings).pid is None and not _port_open(settings.kafka_host_port), "nothing was started"
