"""What the poller remembers between polls, against a real HTTP server and the real Kafka:
no duplicates, updates as new versions, redirects, Gone, rate limits, backoff, Kafka outages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from kafka import KafkaProducer

from ingest.entries import to_article
from ingest.feeds import FeedSpec
from ingest.parse import parse_feed
from ingest.poller import run_poller
from ingest.publish import FINGERPRINT_HEADER
from ingest.state import PollState, state_path
from mediamon.settings import Settings, free_port
from mediamon.topology import ARTICLES_RAW
from tests.integration.feed_server import A, B, FeedServer, feed, fixed, rss
from tests.integration.poller_helpers import read_articles, topic_size


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.stop()


@pytest.fixture()
def settings(stack_settings: Settings, tmp_path: Path) -> Settings:
    return stack_settings.model_copy(update={"data_dir": tmp_path / "data", "poll_per_host_delay": 0.0})


def poll(settings: Settings, server: FeedServer, tmp_path: Path, *paths: str, fulltext: bool = False) -> int:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("allow_private_networks: [127.0.0.1/32]\nfeeds:\n" + "".join(
        f"  - {{name: 'feed {p}', url: '{server.url(p)}', fulltext: {str(fulltext).lower()}}}\n" for p in paths),
        encoding="utf-8")
    return run_poller(settings, feeds, once=True)


def feed_state(settings: Settings, url: str):
    state = PollState(state_path(settings))
    try:
        return state.feed(url)
    finally:
        state.close()


def test_reordered_redated_and_reserved_entries_are_not_republished(settings, server, tmp_path) -> None:
    server.routes["/f"] = feed(rss(A, B), etag=False)
    assert poll(settings, server, tmp_path, "/f") == 0
    redated = (A[0], A[1], "Tue, 26 Nov 2024 09:00:00 GMT")
    server.routes["/f"] = feed(rss(B, redated), etag=False)
    assert poll(settings, server, tmp_path, "/f") == 0
    assert topic_size(settings, ARTICLES_RAW) == 2


def test_changed_entry_is_an_update_with_the_same_id(settings, server, tmp_path) -> None:
    server.routes["/f"] = feed(rss(A, B))
    assert poll(settings, server, tmp_path, "/f") == 0
    corrected = (A[0], "Первая (исправлено)", A[2])
    server.routes["/f"] = feed(rss(corrected, B, ("c", "Третья", "Mon, 25 Nov 2024 11:00:00 GMT")))
    assert poll(settings, server, tmp_path, "/f") == 0
    articles = read_articles(settings, ARTICLES_RAW, 4)
    assert len(articles) == 4
    versions = [x for x in articles if x.guid == "urn:news:a"]
    assert len(versions) == 2 and versions[0].id == versions[1].id and versions[0].version != versions[1].version


def test_state_survives_a_restart_and_sends_conditional_get(settings, server, tmp_path) -> None:
    server.routes["/f"] = feed(rss(A))
    assert poll(settings, server, tmp_path, "/f") == 0
    assert poll(settings, server, tmp_path, "/f") == 0  # a new run: new process state, same file
    first, second = server.hits("/f")
    assert first["If-None-Match"] is None and second["If-None-Match"]
    assert topic_size(settings, ARTICLES_RAW) == 1


def test_permanent_redirect_updates_the_stored_url(settings, server, tmp_path) -> None:
    server.routes["/old"] = fixed(301, headers={"Location": "/new"})
    server.routes["/new"] = feed(rss(A))
    assert poll(settings, server, tmp_path, "/old") == 0
    assert feed_state(settings, server.url("/old")).fetch_url == server.url("/new")
    assert poll(settings, server, tmp_path, "/old") == 0
    assert len(server.hits("/old")) == 1 and len(server.hits("/new")) == 2


def test_gone_disables_the_feed(settings, server, tmp_path, caplog) -> None:
    server.routes["/gone"] = fixed(410)
    assert poll(settings, server, tmp_path, "/gone") == 0
    assert feed_state(settings, server.url("/gone")).disabled
    assert "410 Gone: disabled" in caplog.text
    poll(settings, server, tmp_path, "/gone")
    assert len(server.hits("/gone")) == 1, "a disabled feed is not fetched again"


def test_rate_limit_honours_retry_after(settings, server, tmp_path) -> None:
    server.routes["/busy"] = fixed(429, headers={"Retry-After": "900"})
    before = time.time()
    poll(settings, server, tmp_path, "/busy")
    st = feed_state(settings, server.url("/busy"))
    assert st.error_count == 1 and before + 890 <= st.next_poll <= time.time() + 900


def test_server_errors_back_off_exponentially(settings, server, tmp_path) -> None:
    server.routes["/err"] = fixed(500)
    waits = []
    for _ in range(3):
        started = time.time()
        poll(settings, server, tmp_path, "/err")
        waits.append(feed_state(settings, server.url("/err")).next_poll - started)
    assert feed_state(settings, server.url("/err")).error_count == 3
    assert waits[0] < waits[2] and waits[2] <= settings.poll_min_interval * 4 + 5


def test_kafka_down_during_a_poll_loses_nothing(settings, server, tmp_path) -> None:
    server.routes["/f"] = feed(rss(A, B))
    down = settings.model_copy(update={"kafka_bootstrap": f"127.0.0.1:{free_port()}"})
    assert poll(down, server, tmp_path, "/f") == 1, "unacknowledged records fail the run"
    st = feed_state(settings, server.url("/f"))
    assert st.etag is None, "caching headers of an undelivered poll are not kept"
    assert poll(settings, server, tmp_path, "/f") == 0
    assert server.hits("/f")[1]["If-None-Match"] is None, "the whole feed is fetched again"
    assert sorted(a.guid for a in read_articles(settings, ARTICLES_RAW, 2)) == ["urn:news:a", "urn:news:b"]


ARTICLE_PAGE = """<html><head><title>Саммит</title><script>track()</script></head><body>
<nav>Главная | Политика | Экономика</nav>
<article><h1>Саммит ОДКБ в Минске</h1>
<p>Лидеры стран Организации Договора о коллективной безопасности собрались в Минске, чтобы обсудить
совместные учения, поставки техники и работу миротворческих сил в следующем году.</p>
<p>По итогам встречи подписаны четыре документа, включая план развития системы коллективной безопасности
до конца десятилетия и соглашение о подготовке военных специалистов.</p></article>
<footer>© Вестник</footer></body></html>"""


def test_fulltext_feeds_publish_the_article_page_text(settings, server, tmp_path) -> None:
    teaser = ('<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><item><title>Саммит ОДКБ</title>'
              f'<link>{server.url("/article")}</link><description>Коротко.</description></item></channel></rss>')
    server.routes["/f"] = feed(teaser.encode())
    server.routes["/article"] = fixed(200, ARTICLE_PAGE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    assert poll(settings, server, tmp_path, "/f", fulltext=True) == 0
    (article,) = read_articles(settings, ARTICLES_RAW, 1)
    assert "подписаны четыре документа" in article.text
    assert "track()" not in article.text and "Главная | Политика" not in article.text


C = ("c", "Третья", "Mon, 25 Nov 2024 11:00:00 GMT")


def test_records_a_killed_poller_wrote_without_acknowledgement_are_not_republished(settings, server,
                                                                                   tmp_path) -> None:
    server.routes["/f"] = feed(rss(A))
    assert poll(settings, server, tmp_path, "/f") == 0
    # As a poller killed after Kafka appended B but before the acknowledgement reached it leaves
    # things: B is on the topic, the state does not know it.
    (entry_b,) = parse_feed(rss(B), {}, server.url("/f")).entries
    in_doubt = to_article(entry_b, FeedSpec(name="feed /f", url=server.url("/f")), server.url("/f"),
                          datetime.now(timezone.utc))
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap)
    producer.send(settings.topic(ARTICLES_RAW), key=in_doubt.id.encode(), value=in_doubt.dumps(),
                  headers=[(FINGERPRINT_HEADER, entry_b.fingerprint.encode())]).get(timeout=10)
    producer.send(settings.topic(ARTICLES_RAW), key=b"someone-else", value=b"{}").get(timeout=10)
    producer.close()

    server.routes["/f"] = feed(rss(A, B))
    assert poll(settings, server, tmp_path, "/f") == 0
    assert topic_size(settings, ARTICLES_RAW) == 3, "B is not published a second time"
    server.routes["/f"] = feed(rss(A, B, C))
    assert poll(settings, server, tmp_path, "/f") == 0
    assert topic_size(settings, ARTICLES_RAW) == 4, "entries new to the log are still published"
