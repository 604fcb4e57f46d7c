"""`mediamon poll --once` on the bundled sample feeds over real HTTP into the real local Kafka."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.poller import run_poller
from ingest.sample_server import SampleServer, start_sample_server
from mediamon.settings import DEFAULT_FEEDS_FILE, Settings
from mediamon.topology import ARTICLES_RAW, FEEDS_HEALTH
from tests.conftest import run_mediamon
from tests.integration.poller_helpers import read_articles, read_json, topic_size

SAMPLE_ARTICLES = 21


@pytest.fixture()
def sample_server() -> Iterator[SampleServer]:
    server = start_sample_server("127.0.0.1", 0)
    yield server
    server.stop()


@pytest.fixture()
def poll_settings(stack_settings: Settings, sample_server: SampleServer, tmp_path: Path) -> Settings:
    return stack_settings.model_copy(update={"sample_feeds_port": sample_server.port, "data_dir": tmp_path})


def test_poll_once_publishes_every_sample_article_once(poll_settings: Settings) -> None:
    assert run_poller(poll_settings, DEFAULT_FEEDS_FILE, once=True) == 0
    articles = read_articles(poll_settings, ARTICLES_RAW, SAMPLE_ARTICLES)
    assert len(articles) == SAMPLE_ARTICLES
    assert len({a.id for a in articles}) == SAMPLE_ARTICLES
    by_title = {a.title: a for a in articles}
    odkb = by_title["Министры обороны стран ОДКБ обсудили совместные учения"]
    assert odkb.url == "https://eurasia-herald.example/politics/odkb-ucheniya", "tracking parameters dropped"
    assert odkb.source == "Евразийский вестник (sample)" and odkb.country == "KZ"
    assert "ОДКБ" in odkb.text and "<p>" not in odkb.text
    exhibition = by_title["В Бишкеке открылась выставка молодых художников"]
    assert "alert" not in exhibition.text, "script content must never be stored"
    assert by_title["CSTO foreign ministers meet in Minsk"].lang_hint == "en"
    assert all(a.published <= a.fetched for a in articles)

    health = read_json(poll_settings, FEEDS_HEALTH, 4)
    assert sorted(h["status"] for h in health) == ["ok"] * 4
    assert sum(h["new_entries"] for h in health) == SAMPLE_ARTICLES

    # A second poll: the server answers 304 to our conditional GET and nothing is republished.
    assert run_poller(poll_settings, DEFAULT_FEEDS_FILE, once=True) == 0
    assert topic_size(poll_settings, ARTICLES_RAW) == SAMPLE_ARTICLES
    health = read_json(poll_settings, FEEDS_HEALTH, 8)
    assert Counter(h["status"] for h in health) == {"ok": 4, "not-modified": 4}


def test_poll_command_once_exits_zero_after_kafka_acknowledged(poll_settings: Settings) -> None:
    result = run_mediamon(poll_settings, "poll", "--once")
    assert result.returncode == 0, result.stderr
    assert topic_size(poll_settings, ARTICLES_RAW) == SAMPLE_ARTICLES
    assert "21 new articles" in result.stderr
