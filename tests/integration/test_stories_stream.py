"""A Russian article and its English and Bengali reprints, polled from three real feeds hours apart,
end up in one story in Elasticsearch with origin, lags and credit; a replay by a second consumer
group gives every article the same story again; `mediamon stories` lists the story from Elasticsearch; an
alert subscribed once per story fires once, and a reprint alert (TASS stories in Bengali) once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli.alerts_cmd import alerts
from mediamon.settings import Settings
from mediamon.topology import ARTICLES_ENRICHED
from tests.conftest import run_mediamon
from tests.integration.alerts_helpers import WebhookReceiver, wait_for
from tests.integration.feed_server import FeedServer, feed
from tests.integration.poller_helpers import read_topic
from tests.unit.stories_samples import BN, EN, OTHER, RU


def _rss(link: str, title: str, text: str, date: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<item><guid>{link}</guid><link>{link}</link><title>{title}</title><description>{text}</description>"
            f"<pubDate>{date}</pubDate></item></channel></rss>").encode("utf-8")


ORIGINAL = {"/tass.xml": ("https://tass.ru/politika/1", "Зась посетит Армению", RU, "Thu, 14 Nov 2024 09:00:00 GMT"),
            "/dhaka.xml": ("https://dhaka.example/rain", "Rain in Dhaka", OTHER, "Thu, 14 Nov 2024 10:00:00 GMT")}
REPRINTS = {"/en.xml": ("https://reprints.example/zas", "Zas to visit Armenia", EN, "Thu, 14 Nov 2024 12:00:00 GMT"),
            "/bn.xml": ("https://bn.example/news/7", "জাস আর্মেনিয়া যাবেন", BN, "Thu, 14 Nov 2024 14:30:00 GMT")}


@pytest.fixture()
def feeds(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Two feed lists: the Russian original (and an unrelated article), then the reprints."""
    server = FeedServer()
    files = []
    for name, items in (("original", ORIGINAL), ("reprints", REPRINTS)):
        lines = ["allow_private_networks: true", "feeds:"]
        for path, (link, title, text, date) in items.items():
            server.routes[path] = feed(_rss(link, title, text, date))
            lines.append(f"  - {{name: '{path[1:-4]}', url: '{server.url(path)}'}}")
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield files[0], files[1]
    server.stop()


def _search(settings: Settings, query: str) -> list[dict]:
    result = run_mediamon(settings, "search", query, "--size", "50", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _wait_for_hits(settings: Settings, count: int, timeout: float = 90) -> list[dict]:
    deadline = time.monotonic() + timeout
    hits: list[dict] = []
    while time.monotonic() < deadline:
        hits = _search(settings, "*")
        if len(hits) >= count:
            return hits
        time.sleep(1)
    raise AssertionError(f"only {len(hits)} of {count} articles became searchable in {timeout} s")


@pytest.fixture()
def hook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


def _subscribe(settings: Settings, *args: str) -> None:
    done = CliRunner().invoke(alerts, ["add", "--name", "stories", *args], obj=settings, catch_exceptions=False)
    assert done.exit_code == 0, done.output


def test_reprints_in_other_languages_share_the_story_of_the_russian_origin(
        stack_settings: Settings, feeds: tuple[Path, Path], hook: WebhookReceiver, worker_factory,
        tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data", "alerts_allow_private_networks": True})
    assert run_mediamon(settings, "es", "setup").returncode == 0
    _subscribe(settings, "--entity", "CSTO", "--per-story", "--webhook", hook.url("/story"))
    _subscribe(settings, "--mode", "reprint", "--origin-outlet", "tass", "--lang", "bn",
               "--webhook", hook.url("/reprint"))
    worker_factory(settings)
    for count, feed_list in zip((2, 4), feeds):
        polled = run_mediamon(settings, "poll", "--once", "--feeds", str(feed_list))
        assert polled.returncode == 0, polled.stderr
        _wait_for_hits(settings, count)

    hits = {hit["url"]: hit for hit in _wait_for_hits(settings, 4)}
    origin, english, bengali = (hits[u] for u in ("https://tass.ru/politika/1", "https://reprints.example/zas",
                                                  "https://bn.example/news/7"))
    assert origin["story_id"] == english["story_id"] == bengali["story_id"] == origin["id"]
    assert hits["https://dhaka.example/rain"]["story_id"] != origin["id"]
    assert (bengali["lang"], bengali["story_origin_id"], bengali["story_origin_outlet"]) == ("bn", origin["id"], "tass")
    assert bengali["story_lag_seconds"] == 5.5 * 3600 and english["story_lag_seconds"] == 3 * 3600
    assert bengali["story_credits_origin"] and english["story_credits_origin"]
    # The story's languages when the Bengali reprint joined it (docs/decisions.md): the English reprint
    # came in the same poll, on another partition, so it may be enriched before or after it.
    assert {"ru", "bn"} <= set(bengali["story_languages"]) <= {"ru", "en", "bn"}

    # The story is a search field: all three, and only them, by story id.
    assert {hit["id"] for hit in _search(settings, f"story:{origin['id']}")} == {
        origin["id"], english["id"], bengali["id"]}

    # Alerts: one for the whole story, one for the Bengali reprint of a TASS story.
    assert wait_for(lambda: hook.at("/story") and hook.at("/reprint"), 30)
    time.sleep(3)
    assert [json.loads(r.body)["article_id"] for r in hook.at("/story")] == [origin["id"]]
    reprint = [json.loads(r.body) for r in hook.at("/reprint")]
    assert [r["article_id"] for r in reprint] == [bengali["id"]] and "story of tass" in reprint[0]["message"]

    # The listing on Elasticsearch: the story first, whole, with its timeline.
    listed = run_mediamon(settings, "stories", "--json")
    assert listed.returncode == 0, listed.stderr
    story = json.loads(listed.stdout)["stories"][0]
    assert (story["story_id"], story["size"], story["origin_outlet"], story["crediting_origin"]) == (
        origin["id"], 3, "tass", 2)
    assert [a["lang"] for a in story["articles"]] == ["ru", "en", "bn"]

    # Replay: a second consumer group reads articles.raw from the start and enriches everything again.
    worker_factory(settings.model_copy(update={"app_id": settings.app_id + "-replay"}))
    records = [json.loads(value) for _key, value in read_topic(settings, ARTICLES_ENRICHED, 8, timeout=120)]
    stories: dict[str, set[str]] = {}
    for record in records:
        stories.setdefault(record["id"], set()).add(record["story_id"])
    assert len(records) == 8 and all(len(ids) == 1 for ids in stories.values()), stories
