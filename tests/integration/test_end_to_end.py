"""Feeds over real HTTP -> poll -> Kafka -> Faust worker -> Elasticsearch -> search, with bad input."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_DLQ, ARTICLES_RAW
from tests.conftest import run_mediamon

RUSSIAN_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Вестник Евразии</title><link>http://example.ru/</link>
<description>Новости</description>
<item><title>Саммит ОДКБ в Минске</title><link>http://example.ru/news/odkb-summit?utm_source=rss</link>
<guid>http://example.ru/news/odkb-summit</guid><pubDate>Mon, 25 Nov 2024 09:00:00 +0300</pubDate>
<description>Лидеры стран Организации Договора о коллективной безопасности обсудили итоги СВО
и укрепление коллективных сил оперативного реагирования ОДКБ.</description></item>
</channel></rss>"""

ENGLISH_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Weather Daily</title><id>urn:weather-daily</id>
<updated>2024-11-25T08:00:00Z</updated><link href="http://example.com/"/>
<entry><title>Heavy snow expected across the region</title><id>urn:weather-daily:1</id>
<link href="http://example.com/snow"/><updated>2024-11-25T08:00:00Z</updated>
<summary>Forecasters expect up to thirty centimetres of snow on Tuesday, with icy roads.</summary></entry>
</feed>"""

ROUTES = {
    "/ru.xml": ("application/rss+xml; charset=utf-8", RUSSIAN_RSS.encode("utf-8")),
    "/en.xml": ("application/atom+xml", ENGLISH_ATOM.encode("utf-8")),
    "/broken.xml": ("application/rss+xml", b"<rss><channel><item><title>unclosed"),
}


class _FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path not in ROUTES:
            self.send_error(404)
            return
        content_type, body = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def feed_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _write_feeds(path: Path, base: str) -> Path:
    path.write_text(
        "allow_private_networks: true\n"
        "feeds:\n"
        f"  - {{name: Вестник Евразии, url: '{base}/ru.xml', lang: ru, country: RU}}\n"
        f"  - {{name: Weather Daily, url: '{base}/en.xml', lang: en, country: GB}}\n"
        f"  - {{name: Broken Feed, url: '{base}/broken.xml'}}\n", encoding="utf-8")
    return path


def _search(settings: Settings, *args: str) -> list[dict]:
    result = run_mediamon(settings, "search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _wait_for_hits(settings: Settings, count: int, timeout: float = 60) -> list[dict]:
    deadline = time.monotonic() + timeout
    hits: list[dict] = []
    while time.monotonic() < deadline:
        hits = _search(settings, "*", "--size", "50")
        if len(hits) >= count:
            return hits
        time.sleep(1)
    raise AssertionError(f"only {len(hits)} of {count} articles became searchable in {timeout} s")


def _topic_size(settings: Settings, name: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap)
    try:
        from kafka import TopicPartition

        partitions = consumer.partitions_for_topic(settings.topic(name)) or set()
        return sum(consumer.end_offsets([TopicPartition(settings.topic(name), p) for p in partitions]).values())
    finally:
        consumer.close()


def _dead_letters_with_key(settings: Settings, key: str, timeout: float = 30) -> list[dict]:
    consumer = KafkaConsumer(settings.topic(ARTICLES_DLQ), bootstrap_servers=settings.kafka_bootstrap,
                             auto_offset_reset="earliest")
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            batches = consumer.poll(timeout_ms=1000)
            letters = [json.loads(m.value) for batch in batches.values() for m in batch]
            matching = [letter for letter in letters if letter.get("key") == key]
            if matching:
                return matching
        return []
    finally:
        consumer.close()


def test_feeds_flow_to_search_once_and_bad_input_is_dead_lettered(
        stack_settings: Settings, feed_server: str, worker_factory, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    assert run_mediamon(settings, "es", "setup").returncode == 0
    feeds = _write_feeds(tmp_path / "feeds.yaml", feed_server)
    worker = worker_factory(settings)

    first = run_mediamon(settings, "poll", "--once", "--feeds", str(feeds))
    assert first.returncode == 0, first.stderr
    assert "Broken Feed" in first.stderr, "a malformed feed must get a clear log line naming it"

    hits = _wait_for_hits(settings, 2)
    assert len(hits) == 2

    russian = _search(settings, "ОДКБ")
    assert [hit["title"] for hit in russian] == ["Саммит ОДКБ в Минске"]
    assert "CSTO" in russian[0]["entities"] and "SMO" in russian[0]["entities"]
    assert any("<em>" in snippet for snippets in russian[0]["highlight"].values() for snippet in snippets)
    assert [hit["id"] for hit in _search(settings, "*", "--entity", "CSTO")] == [russian[0]["id"]]

    english = _search(settings, "snow")
    assert len(english) == 1 and english[0]["entities"] == [] and english[0]["lang"] == "en"

    raw_before = _topic_size(settings, ARTICLES_RAW)
    second = run_mediamon(settings, "poll", "--once", "--feeds", str(feeds))
    assert second.returncode == 0, second.stderr
    assert _topic_size(settings, ARTICLES_RAW) == raw_before, "unchanged feeds must not republish"

    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")
    producer.send(settings.topic(ARTICLES_RAW), key=b"garbage", value=b"\x00not json at all")
    producer.flush()
    producer.close()
    garbage = _dead_letters_with_key(settings, "garbage")
    assert garbage and "not JSON" in garbage[0]["error"] and garbage[0]["payload"].endswith("not json at all")

    assert worker.process.poll() is None, "the worker must keep running after bad input"
    assert len(_search(settings, "*", "--size", "50")) == 2, "no duplicates after a second poll"
