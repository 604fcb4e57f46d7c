"""The `mediamon poll` (forever, clean stop) and `mediamon feeds ...` commands as a user runs them."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW
from tests.conftest import REPO_ROOT, mediamon_env, run_mediamon
from tests.integration.feed_server import A, B, FeedServer, feed, fixed, rss
from tests.integration.poller_helpers import topic_size


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.stop()


def wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_poll_runs_on_its_schedule_and_stops_cleanly_on_sigterm(stack_settings: Settings, server: FeedServer,
                                                                tmp_path: Path) -> None:
    server.routes["/f"] = feed(rss(A))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"allow_private_networks: true\nfeeds:\n  - {{name: F, url: '{server.url('/f')}', interval: 1}}\n")
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    process = subprocess.Popen([sys.executable, "-m", "mediamon", "poll", "--feeds", str(feeds)], cwd=REPO_ROOT,
                               env=mediamon_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: topic_size(settings, ARTICLES_RAW) == 1)
        server.routes["/f"] = feed(rss(A, B))  # a new entry appears; the next scheduled poll finds it
        assert wait_for(lambda: topic_size(settings, ARTICLES_RAW) == 2)
        polled = len(server.hits("/f"))
        time.sleep(4)
        assert len(server.hits("/f")) - polled >= 3, "a feed with `interval: 1` is polled about every second"
        assert run_mediamon(settings, "health", "poller").returncode == 0, "a running poller reports alive"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in process.stdout.read()


def test_feeds_check_reports_a_usable_feed_and_a_broken_one(server: FeedServer) -> None:
    server.routes["/ok"] = feed(rss(A, B))
    server.routes["/html"] = fixed(200, b"<html><body>Welcome</body></html>", headers={"Content-Type": "text/html"})
    runner = CliRunner()
    ok = runner.invoke(cli, ["feeds", "check", server.url("/ok"), "--allow-private-networks"])
    assert ok.exit_code == 0 and "entries: 2" in ok.output and "etag:" in ok.output
    broken = runner.invoke(cli, ["feeds", "check", server.url("/html"), "--allow-private-networks"])
    assert broken.exit_code == 1 and "not a usable feed" in broken.output
    refused = runner.invoke(cli, ["feeds", "check", server.url("/ok")])
    assert refused.exit_code == 1 and "non-public address" in refused.output
    nothing = runner.invoke(cli, ["feeds", "check", "http://127.0.0.1:9/feed", "--allow-private-networks"])
    assert nothing.exit_code == 1 and "Traceback" not in nothing.output


def test_opml_import_and_export_commands(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline text="Kloop" xmlUrl="https://kloop.kg/feed/"/></body></opml>')
    runner = CliRunner()
    imported = runner.invoke(cli, ["feeds", "import", str(opml), "--output", str(tmp_path / "feeds.yaml")])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(cli, ["feeds", "export", "--feeds", str(tmp_path / "feeds.yaml")])
    assert exported.exit_code == 0 and 'xmlUrl="https://kloop.kg/feed/"' in exported.output
