"""Two poller processes split 100 feeds from a real HTTP server: every feed is requested exactly once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediamon.settings import Settings
from tests.conftest import REPO_ROOT, mediamon_env
from tests.integration.feed_server import FeedServer, feed, rss

FEEDS = 100


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    for n in range(FEEDS):
        feeds.routes[f"/{n}.xml"] = feed(rss((f"{n}-1", f"Story {n}", "Mon, 25 Nov 2024 09:00:00 GMT")))
    yield feeds
    feeds.stop()


def test_two_replicas_poll_each_feed_exactly_once(stack_settings: Settings, server: FeedServer, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("allow_private_networks: true\nfeeds:\n" + "".join(
        f"  - {{name: Feed {n}, url: '{server.url(f'/{n}.xml')}'}}\n" for n in range(FEEDS)), encoding="utf-8")
    replicas = [
        subprocess.Popen([sys.executable, "-m", "mediamon", "poll", "--once", "--feeds", str(feeds)],
                         env=mediamon_env(stack_settings, MEDIAMON_DATA_DIR=str(tmp_path / f"replica{shard}"),
                                          MEDIAMON_POLLER_REPLICAS="2", MEDIAMON_POLLER_SHARD=str(shard)),
                         cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for shard in (0, 1)]
    outputs = [replica.communicate(timeout=180)[0] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0, 0], outputs
    requests = Counter(path for path, _headers in server.requests)
    assert set(requests) == {f"/{n}.xml" for n in range(FEEDS)}, "every feed is polled"
    assert set(requests.values()) == {1}, {path: n for path, n in requests.items() if n != 1}
