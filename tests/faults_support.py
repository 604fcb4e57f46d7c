"""Helpers for the fault tests: a private stack, generated feeds over HTTP, processes to break,
and the count of articles in versus articles out (unique ids in Elasticsearch + dead letters).

The fault tests stop Kafka and Elasticsearch, so they run on a stack of their own (never the
session stack other tests share).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import tantivy
from kafka import KafkaConsumer, TopicPartition

from ingest.canonical import article_id
from mediamon import stack
from mediamon.elastic import sync_client
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_DLQ, ARTICLES_RAW

# Short texts in the pipeline's languages, so enrichment does real work on every article.
_TEXTS = (
    ("Саммит ОДКБ", "Лидеры стран ОДКБ обсудили коллективную безопасность и учения в Минске."),
    ("Heavy snow", "Forecasters expect heavy snow across the region with icy roads on Tuesday."),
    ("Выборы в парламент", "Центральная избирательная комиссия подвела итоги голосования в регионах."),
    ("Trade talks", "Ministers met in Astana to discuss tariffs, grain exports and a new rail corridor."),
)


def service(settings: Settings, action: str, name: str) -> None:
    """`noida-db stop|start kafka|elasticsearch` on the running server: the other service stays up
    and the data is kept, like one container of a compose file going away."""
    binary = Path(sys.executable).parent / "noida-db"
    done = subprocess.run([str(binary), action, name, "--data-dir", str(settings.data_dir / stack.STACK_DIR)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"noida-db {action} {name} failed: {done.stdout}{done.stderr}"


class FeedFarm:
    """`feeds` RSS feeds over real HTTP; each entry appears at its own moment over `spread` seconds,
    so the pipeline is mid-stream for a while and a fault can land while articles are in flight."""

    def __init__(self, feeds: int, per_feed: int, spread: float) -> None:
        self.feeds, self.per_feed, self.spread = feeds, per_feed, spread
        self.started = time.monotonic()
        self.published = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
        farm = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                try:
                    feed = int(self.path.removeprefix("/feed/").removesuffix(".xml"))
                except ValueError:
                    self.send_error(404)
                    return
                body = farm.render(feed).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def total(self) -> int:
        return self.feeds * self.per_feed

    def url(self, feed: int, number: int) -> str:
        return f"{self.base}/news/{feed}/{number}"

    def released(self) -> int:
        """How many entries of each feed are visible now."""
        share = (time.monotonic() - self.started) / self.spread if self.spread else 1.0
        return min(self.per_feed, int(share * self.per_feed) + 1)

    def render(self, feed: int) -> str:
        items = []
        for number in reversed(range(self.released())):
            title, text = _TEXTS[(feed + number) % len(_TEXTS)]
            when = format_datetime(self.published + timedelta(seconds=number))
            items.append(f"<item><title>{escape(title)} {feed}-{number}</title><link>{self.url(feed, number)}</link>"
                         f"<guid>{self.url(feed, number)}</guid><pubDate>{when}</pubDate>"
                         f"<description>{escape(text)} ({feed}/{number})</description></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
                f"<link>{self.base}/</link><description>generated</description>{''.join(items)}</channel></rss>")

    def expected_ids(self) -> set[str]:
        return {article_id(self.url(f, n), self.url(f, n), "", "") for f in range(self.feeds)
                for n in range(self.per_feed)}

    def write_feed_list(self, path: Path) -> Path:
        lines = ["allow_private_networks: true", "feeds:"]
        lines += [f"  - {{name: Feed {f}, url: '{self.base}/feed/{f}.xml', interval: 1}}" for f in range(self.feeds)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Outcome:
    """What came out: documents per id in Elasticsearch and dead letters per key."""

    indexed: Counter[str]
    documents: int
    dead_letters: Counter[str]

    @property
    def out_ids(self) -> set[str]:
        return set(self.indexed) | set(self.dead_letters)

    def describe(self, expected: set[str]) -> str:
        missing = expected - self.out_ids
        doubles = [i for i, n in (self.indexed + self.dead_letters).items() if n > 1]
        return (f"in {len(expected)}, out {len(self.out_ids)} ({len(self.indexed)} ids indexed in "
                f"{self.documents} documents, {sum(self.dead_letters.values())} dead letters); "
                f"missing {len(missing)}, duplicated {len(doubles)}, unexpected {len(self.out_ids - expected)}")


def _local_ids(settings: Settings) -> Counter[str]:
    from mediamon.search.backend import local_index_path
    from mediamon.search.local.engine import LocalIndex

    index = LocalIndex(local_index_path(settings))
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), max(searcher.num_docs, 1)).hits
    return Counter(searcher.doc(address).get_first("id") for _, address in hits)


def indexed_ids(settings: Settings) -> tuple[Counter[str], int]:
    """Ids of every document behind the articles alias (refreshed first) or in the embedded index,
    and the document count; an article stored twice (say in two monthly indices) counts 2."""
    if settings.search_backend == "local":
        ids = _local_ids(settings)
        return ids, sum(ids.values())
    es = sync_client(settings)
    alias = settings.index_name("articles")
    try:
        if not es.indices.exists_alias(name=alias):
            return Counter(), 0
        es.indices.refresh(index=alias)
        found = es.search(index=alias, query={"match_all": {}}, size=10_000, source=False)
        ids = Counter(hit["_id"] for hit in found["hits"]["hits"])
        return ids, int(es.count(index=alias)["count"])
    finally:
        es.close()


def topic_records(settings: Settings, name: str) -> list[tuple[str, bytes]]:
    """(key, value) of every record on a topic, read from the start to the current end."""
    topic = settings.topic(name)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            return []
        ends = consumer.end_offsets(partitions)
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        records: list[tuple[str, bytes]] = []
        deadline = time.monotonic() + 60
        while any(consumer.position(p) < ends[p] for p in partitions) and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records += [((r.key or b"").decode("utf-8", "replace"), r.value) for r in batch]
        return records
    finally:
        consumer.close()


def topic_keys(settings: Settings, name: str) -> Counter[str]:
    return Counter(key for key, _ in topic_records(settings, name))


def outcome(settings: Settings) -> Outcome:
    ids, documents = indexed_ids(settings)
    return Outcome(indexed=ids, documents=documents, dead_letters=topic_keys(settings, ARTICLES_DLQ))


def raw_count(settings: Settings) -> int:
    topic = settings.topic(ARTICLES_RAW)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return sum(consumer.end_offsets(partitions).values()) if partitions else 0
    finally:
        consumer.close()


def wait_for(condition: Callable[[], bool], timeout: float, what: str, step: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - a server being restarted answers with errors meanwhile
            pass
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def count_indexed(settings: Settings) -> int:
    if settings.search_backend == "local":
        return sum(_local_ids(settings).values())
    es = sync_client(settings, request_timeout=5)
    try:
        return int(es.count(index=settings.index_name("articles"))["count"])
    finally:
        es.close()


def dump(path: Path, data: object) -> None:
    """Keep evidence next to the process logs when a scenario fails."""
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
