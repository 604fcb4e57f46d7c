"""The poller's HTTP side against a real local server: caching, compression, limits, redirects,
SSRF, and feeds in legacy Cyrillic encodings."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import Iterator

import brotli
import pytest

from ingest.fetch import USER_AGENT, Fetcher, FetchResult
from ingest.parse import parse_feed
from ingest.safety import AddressPolicy
from mediamon.settings import Settings
from tests.integration.feed_server import FeedServer, feed, fixed

RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel><title>Новости</title>
<item><title>Саммит ОДКБ в Минске</title><link>https://ex.example/odkb</link>
<description>Лидеры обсудили итоги года.</description></item></channel></rss>"""


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.stop()


def fetch(url: str, allow_private: bool = True, settings: Settings | None = None,
          policy: AddressPolicy | None = None, **conditional: str) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(settings or Settings(poll_per_host_delay=0),
                           policy or AddressPolicy(allow_all=allow_private)) as fetcher:
            return await fetcher.fetch(url, **conditional)
    return asyncio.run(run())


def test_conditional_get_gets_304_and_names_mediamon(server: FeedServer) -> None:
    server.routes["/f"] = feed(RSS.format(encoding="utf-8").encode())
    first = fetch(server.url("/f"))
    assert first.ok and first.headers["etag"]
    second = fetch(server.url("/f"), etag=first.headers["etag"])
    assert second.not_modified and second.body == b""
    assert server.hits("/f")[1]["If-None-Match"] == first.headers["etag"]
    assert "mediamon" in server.hits("/f")[0]["User-Agent"] == USER_AGENT


@pytest.mark.parametrize(("encoding", "compress"), [
    ("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)])
def test_compressed_responses_are_decoded(server: FeedServer, encoding: str, compress) -> None:
    body = RSS.format(encoding="utf-8").encode()
    server.routes["/z"] = fixed(200, compress(body), headers={"Content-Encoding": encoding,
                                                              "Content-Type": "application/rss+xml"})
    result = fetch(server.url("/z"))
    assert result.body == body
    assert encoding in server.hits("/z")[0]["Accept-Encoding"]


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_body_is_aborted(server: FeedServer, chunked: bool) -> None:
    server.routes["/big"] = fixed(200, b"<rss>" + b"x" * 300_000, chunked=chunked)
    result = fetch(server.url("/big"), settings=Settings(poll_max_bytes=100_000, poll_per_host_delay=0))
    assert not result.ok and "larger than 100000 bytes" in result.error


def test_gzip_bomb_is_aborted_by_its_decompressed_size(server: FeedServer) -> None:
    server.routes["/bomb"] = fixed(200, gzip.compress(b"\0" * 20_000_000), headers={"Content-Encoding": "gzip"})
    result = fetch(server.url("/bomb"), settings=Settings(poll_max_bytes=1_000_000, poll_per_host_delay=0))
    assert "larger than" in result.error


def test_slow_server_times_out(server: FeedServer) -> None:
    server.routes["/slow"] = fixed(200, b"<rss/>", delay=5)
    result = fetch(server.url("/slow"), settings=Settings(poll_total_timeout=1, poll_per_host_delay=0))
    assert result.error and "timed out" in result.error


def test_permanent_redirect_is_reported_and_temporary_is_not(server: FeedServer) -> None:
    server.routes["/old"] = fixed(301, headers={"Location": "/new"})
    server.routes["/tmp"] = fixed(302, headers={"Location": "/new"})
    server.routes["/new"] = feed(b"<rss version='2.0'><channel/></rss>")
    moved = fetch(server.url("/old"))
    assert moved.ok and moved.permanent_url == server.url("/new")
    assert fetch(server.url("/tmp")).permanent_url is None


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://ex.example/feed", "javascript:alert(1)"])
def test_redirects_to_non_http_schemes_are_refused(server: FeedServer, target: str) -> None:
    server.routes["/r"] = fixed(302, headers={"Location": target})
    result = fetch(server.url("/r"))
    assert result.error and "non-HTTP" in result.error


def test_private_addresses_are_refused_unless_allowed(server: FeedServer) -> None:
    server.routes["/f"] = feed(b"<rss version='2.0'><channel/></rss>")
    assert "non-public address 127.0.0.1" in fetch(server.url("/f"), allow_private=False).error
    by_name = fetch(f"http://localhost:{server.port}/f", allow_private=False)
    assert "resolves only to non-public addresses" in by_name.error, "checked after DNS resolution"
    assert fetch(server.url("/f"), allow_private=True).ok
    assert not server.hits("/f")[1:], "refused requests never reached the server"


def test_redirects_are_checked_again_at_every_hop(server: FeedServer) -> None:
    only_loopback = AddressPolicy.from_setting(["127.0.0.1/32"])
    for blocked in ("http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://10.0.0.1/"):
        server.routes["/hop"] = fixed(302, headers={"Location": blocked})
        result = fetch(server.url("/hop"), policy=only_loopback)
        assert result.error and "non-public address" in result.error, blocked


@pytest.mark.parametrize(("codec", "declared", "header"), [
    ("windows-1251", "windows-1251", "application/rss+xml; charset=windows-1251"),
    ("windows-1251", "windows-1251", "application/rss+xml"),
    ("koi8-r", "koi8-r", "text/xml; charset=koi8-r"),
    ("utf-16", "utf-16", "application/xml"),
])
def test_legacy_cyrillic_encodings_come_out_as_correct_text(server: FeedServer, codec: str, declared: str,
                                                            header: str) -> None:
    server.routes["/enc"] = fixed(200, RSS.format(encoding=declared).encode(codec), headers={"Content-Type": header})
    result = fetch(server.url("/enc"))
    parsed = parse_feed(result.body, result.headers, result.final_url)
    assert parsed.error is None
    assert parsed.title == "Новости"
    assert [e.title for e in parsed.entries] == ["Саммит ОДКБ в Минске"]
