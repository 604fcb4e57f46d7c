"""Two poller processes split 100 feeds from a real HTTP server: every feed is requested exactly once."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mediamon.settings import Settings
from tests.conftest import REPO_ROOT, mediamon_env

FEEDS = 100
RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {n}</title>
<link>http://example.org/{n}</link><description>d</description><item><title>Story {n}</title>
<link>http://example.org/{n}/story</link><guid>http://example.org/{n}/story</guid>
<pubDate>Mon, 25 Nov 2024 09:00:00 +0000</pubDate><description>Text of story {n}.</description></item>
</channel></rss>"""


@pytest.fixture()
def counting_server() -> Iterator[tuple[str, Counter]]:
    requests: Counter = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with lock:
                requests[self.path] += 1
            body = RSS.format(n=self.path.strip("/").split(".")[0]).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_two_replicas_poll_each_feed_exactly_once(stack_settings: Settings, counting_server, tmp_path: Path) -> None:
    base, requests = counting_server
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("allow_private_networks: true\nfeeds:\n" + "".join(
        f"  - {{name: Feed {n}, url: '{base}/{n}.xml'}}\n" for n in range(FEEDS)), encoding="utf-8")
    replicas = [
        subprocess.Popen([sys.executable, "-m", "mediamon", "poll", "--once", "--feeds", str(feeds)],
                         env=mediamon_env(stack_settings, MEDIAMON_DATA_DIR=str(tmp_path / f"replica{shard}"),
                                          MEDIAMON_POLLER_REPLICAS="2", MEDIAMON_POLLER_SHARD=str(shard)),
                         cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for shard in (0, 1)]
    outputs = [replica.communicate(timeout=180)[0] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0, 0], outputs
    assert set(requests) == {f"/{n}.xml" for n in range(FEEDS)}, "every feed is polled"
    assert set(requests.values()) == {1}, {path: n for path, n in requests.items() if n != 1}
