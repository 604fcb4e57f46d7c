"""Hostile and broken input must neither take the pipeline down nor get through unsanitised.

Feeds go through the poller's own fetch -> parse -> article path against a real HTTP server;
bad messages go onto articles.raw of a running worker and must come out on articles.dlq with a
reason. A second HTTP server (the "canary") stands for anything an XML entity might point at:
it must never receive a request.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from kafka import KafkaProducer

from ingest.entries import to_article
from ingest.feeds import FeedSpec
from ingest.fetch import Fetcher, FetchResult
from ingest.parse import parse_feed
from ingest.safety import AddressPolicy
from mediamon.records import RawArticle
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW
from tests.conftest import run_mediamon
from tests.faults_support import indexed_ids, topic_records

KAFKA_MAX_MESSAGE = 1_048_576
MB = 1_000_000


def _rss(items: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>Hostile</title>'
            f"<link>http://example.org/</link><description>d</description>{items}</channel></rss>").encode("utf-8")


def _item(title: str, link: str = "http://example.org/a", description: str = "plain text") -> str:
    return (f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<description>{description}</description></item>")


class _Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"CANARY-SECRET")

    def log_message(self, *args: object) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def canary() -> Iterator[str]:
    server, base = _serve(_Canary)
    yield base
    server.shutdown()
    server.server_close()


def _gzip_bomb(size: int) -> bytes:
    """`size` bytes of zeros gzipped (~1/1000 of it), built in steps so the test itself stays small."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MB
    return b"".join([*(packer.compress(block) for _ in range(size // MB)), packer.flush()])


def _routes(canary: str) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    def document(body: bytes, content_type: str = "application/rss+xml", **headers: str):
        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", headers.pop("length", str(len(body))))
            for name, value in headers.items():
                handler.send_header(name.replace("_", "-"), value)
            handler.end_headers()
            handler.wfile.write(body)
        return send

    def endless(chunk: bytes, pause: float) -> Callable[[BaseHTTPRequestHandler], None]:
        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            handler.wfile.write(_rss("")[:-len(b"</channel></rss>")])
            try:
                for _ in range(100_000):
                    handler.wfile.write(chunk)
                    time.sleep(pause)
            except OSError:
                pass  # the poller hung up, as it should
        return send

    laughs = "".join(f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10))
    many = "".join(_item(f"Entry {n}", f"http://example.org/many/{n}") for n in range(10_000))
    return {
        "/invalid.xml": document(b"<rss><channel><item><title>broken</titl><<>>&&; \x01 </rss"),
        "/laughs.xml": document(_rss(_item("&lol9;"), f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>')),
        "/xxe.xml": document(_rss(_item("&web;", description="&file;"),
                                  f'<!DOCTYPE rss [<!ENTITY web SYSTEM "{canary}/entity">'
                                  f'<!ENTITY file SYSTEM "file:///etc/hostname">'
                                  f'<!ENTITY % remote SYSTEM "{canary}/parameter"> %remote;]>')),
        "/gzip-bomb.xml": document(_gzip_bomb(200 * MB), Content_Encoding="gzip"),
        "/huge-declared.xml": document(b"", length=str(100 * MB)),
        "/huge-streamed.xml": endless(b"<!-- padding -->" * 4096, 0.0),
        "/slow.xml": endless(b" ", 0.2),
        "/bad-utf8.xml": document(_rss(_item("café ok")).replace(b"ok", b"\xff\xfe\xc3(")),
        "/nul.xml": document(_rss(_item("Hello\x00World", description="bad\x00byte"))),
        "/big-title.xml": document(_rss(_item("T" * MB, description="x" * (3 * MB)))),
        "/many.xml": document(_rss(many)),
        "/links.xml": document(_rss(_item("js", "javascript:alert(1)") + _item("data", "data:text/html,<b>x</b>"))),
        "/scripts.xml": document(_rss(_item("Scripted", description=(
            "&lt;script&gt;alert('owned')&lt;/script&gt;&lt;p onclick=\"steal()\"&gt;Real news text."
            "&lt;/p&gt;&lt;img src=x onerror=\"steal()\"&gt;&lt;style&gt;body{color:red}&lt;/style&gt;")))),
        "/gzip-ok.xml": document(gzip.compress(_rss(_item("Compressed"))), Content_Encoding="gzip"),
    }


@pytest.fixture(scope="module")
def hostile(canary: str) -> Iterator[str]:
    routes = _routes(canary)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
            else:
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    server, base = _serve(Handler)
    yield base
    server.shutdown()
    server.server_close()


def _fetch_all(base: str, paths: list[str]) -> dict[str, FetchResult]:
    settings = Settings(poll_total_timeout=3.0, poll_connect_timeout=2.0, poll_max_bytes=10 * MB,
                        poll_per_host_delay=0.0, poll_per_host_limit=16)

    async def run() -> dict[str, FetchResult]:
        async with Fetcher(settings, AddressPolicy(allow_all=True)) as fetcher:
            results = await asyncio.gather(*(fetcher.fetch(base + path) for path in paths))
        return dict(zip(paths, results))

    return asyncio.run(run())


def _articles(result: FetchResult) -> list[RawArticle]:
    parsed = parse_feed(result.body, result.headers, result.final_url)
    feed = FeedSpec(name="Hostile", url=result.url)
    now = datetime.now(timezone.utc)
    return [to_article(entry, feed, result.url, now) for entry in parsed.entries]


@pytest.fixture(scope="module")
def fetched(hostile: str) -> dict[str, FetchResult]:
    return _fetch_all(hostile, list(_routes("http://unused")))


@pytest.mark.parametrize("path", ["/gzip-bomb.xml", "/huge-declared.xml", "/huge-streamed.xml"])
def test_oversized_bodies_are_refused_not_buffered(fetched: dict[str, FetchResult], path: str) -> None:
    result = fetched[path]
    assert result.error and "larger than" in result.error
    assert len(result.body) <= 10 * MB


def test_endless_slow_response_times_out(fetched: dict[str, FetchResult]) -> None:
    assert fetched["/slow.xml"].error and "timed out" in fetched["/slow.xml"].error


def test_compressed_feed_still_works(fetched: dict[str, FetchResult]) -> None:
    assert [a.title for a in _articles(fetched["/gzip-ok.xml"])] == ["Compressed"]


def test_invalid_xml_gives_an_error_not_an_exception(fetched: dict[str, FetchResult]) -> None:
    result = fetched["/invalid.xml"]
    parsed = parse_feed(result.body, result.headers, result.url)
    assert parsed.error or parsed.warning


def test_billion_laughs_is_not_expanded(fetched: dict[str, FetchResult]) -> None:
    started = time.monotonic()
    articles = _articles(fetched["/laughs.xml"])
    # expat stops at its amplification limit; the bound only catches an exponential expansion.
    assert time.monotonic() - started < 60
    assert all(len(a.title) + len(a.text) < 10_000 for a in articles)


def test_external_entities_are_never_resolved(fetched: dict[str, FetchResult]) -> None:
    articles = _articles(fetched["/xxe.xml"])
    hostname = open("/etc/hostname", encoding="utf-8").read().strip()
    assert _Canary.hits == [], "an XML entity made the poller fetch a URL"
    for article in articles:
        assert "CANARY-SECRET" not in article.title + article.text
        assert not hostname or hostname not in article.title + article.text


def test_invalid_utf8_and_nul_bytes_give_clean_text(fetched: dict[str, FetchResult]) -> None:
    articles = _articles(fetched["/bad-utf8.xml"]) + _articles(fetched["/nul.xml"])
    assert len(articles) == 2
    for article in articles:
        (article.title + article.text).encode("utf-8")  # no lone surrogates
        assert "\x00" not in article.title + article.text
    assert "HelloWorld" in articles[1].title or "Hello World" in articles[1].title


def test_megabyte_title_fits_in_one_kafka_message(fetched: dict[str, FetchResult]) -> None:
    [article] = _articles(fetched["/big-title.xml"])
    assert len(article.dumps()) < KAFKA_MAX_MESSAGE
    assert article.title.startswith("TTT")


def test_ten_thousand_entries_all_become_articles(fetched: dict[str, FetchResult]) -> None:
    articles = _articles(fetched["/many.xml"])
    assert len({a.id for a in articles}) == 10_000


def test_script_links_never_become_article_urls(fetched: dict[str, FetchResult]) -> None:
    articles = _articles(fetched["/links.xml"])
    assert len(articles) == 2
    assert all(a.url == "" or a.url.startswith(("http://", "https://")) for a in articles)


def test_html_in_summaries_is_stored_as_sanitised_text(fetched: dict[str, FetchResult]) -> None:
    [article] = _articles(fetched["/scripts.xml"])
    assert "Real news text." in article.text
    for trace in ("<", "alert", "steal", "onerror", "color:red"):
        assert trace not in article.text


def _valid_record(article_id: str, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": article_id, "url": f"https://example.org/{article_id}", "feed_url": "https://example.org/feed",
        "source": "Hostile", "title": "Control article", "text": "Ordinary news text about snow.",
        "published": "2024-11-25T08:00:00+00:00", "fetched": "2024-11-25T08:01:00+00:00"}
    record.update(changes)
    return record


BAD_MESSAGES = {
    "not-json": b"\xff\xfe this is not JSON {",
    "json-array": b"[1, 2, 3]",
    "missing-fields": json.dumps({"id": "missing-fields", "title": "no url, no text"}).encode(),
    "wrong-types": json.dumps(_valid_record("wrong-types", title=42, tags="x")).encode(),
    "bad-date": json.dumps(_valid_record("bad-date", published="yesterday-ish")).encode(),
    "huge-garbage": b"{" + b"A" * 1_000_000,
}


def _through_worker(settings: Settings, worker_factory, messages: dict[str, bytes],
                    timeout: float = 90) -> tuple[dict[str, list[dict]], set[str]]:
    """Produce `messages` (key -> value) on articles.raw of a running worker; wait until each key
    came out; returns the dead letters per key and the ids indexed."""
    assert run_mediamon(settings, "es", "setup").returncode == 0
    worker_factory(settings)
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, max_request_size=2 * MB)
    for key, value in messages.items():
        producer.send(settings.topic(ARTICLES_RAW), key=key.encode(), value=value)
    producer.flush(30)
    producer.close()
    deadline = time.monotonic() + timeout
    letters: dict[str, list[dict]] = {}
    indexed: set[str] = set()
    while time.monotonic() < deadline and set(letters) | indexed != set(messages):
        time.sleep(2)
        letters = {}
        for key, value in topic_records(settings, "articles.dlq"):
            letters.setdefault(key, []).append(json.loads(value))
        indexed = set(indexed_ids(settings)[0])
    return letters, indexed


def test_bad_messages_go_to_the_dead_letter_topic_with_a_reason(stack_settings: Settings, worker_factory,
                                                                 tmp_path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data", "index_batch_seconds": 0.5})
    control = json.dumps(_valid_record("control")).encode()
    letters, indexed = _through_worker(settings, worker_factory, {**BAD_MESSAGES, "control": control})
    reasons = {key: f"{found[0]['reason']}: {found[0]['error']}" for key, found in letters.items()}
    assert set(reasons) == set(BAD_MESSAGES), f"dead letters: {reasons}, indexed: {sorted(indexed)}"
    assert indexed == {"control"}, "a good article after bad ones must still be indexed"
    assert all(len(found) == 1 for found in letters.values()), "each bad message is dead-lettered once"
    assert "not JSON" in reasons["not-json"] and "missing fields" in reasons["missing-fields"]
    assert "wrong types" in reasons["wrong-types"] and "JSON object" in reasons["json-array"]
    assert all(found[0]["payload"] for found in letters.values()), "the original payload travels with the reason"


def test_huge_cyrillic_messages_are_indexed_or_dead_lettered(stack_settings: Settings, worker_factory,
                                                              tmp_path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data", "index_batch_seconds": 0.5})
    text = "Снегопад в Москве. " * 26_000  # ~870 KB of UTF-8: Kafka takes it, \u escapes make it ~2.4 MB
    messages = {
        "huge-valid": json.dumps(_valid_record("huge-valid", text=text), ensure_ascii=False).encode(),
        "huge-cyrillic-garbage": ("{" + text).encode(),
        "control": json.dumps(_valid_record("control")).encode(),
    }
    letters, indexed = _through_worker(settings, worker_factory, messages, timeout=45)
    assert set(letters) | indexed == set(messages)
