"""Shared by the day-two tool tests: raw articles on Kafka, searching the configured backend, waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timezone

from mediamon.records import RawArticle
from mediamon.search import SearchParams, open_search
from mediamon.settings import Settings
from mediamon.topic_scan import produce
from mediamon.topology import ARTICLES_RAW


def raw_article(article_id: str, title: str, text: str, published: datetime) -> RawArticle:
    return RawArticle(id=article_id, url=f"https://news.example/{article_id}", feed_url="https://news.example/rss",
                      source="news.example", title=title, text=text, published=published,
                      fetched=datetime.now(timezone.utc), version=article_id)


def publish_raw(settings: Settings, records: list[tuple[str, bytes]]) -> None:
    """(key, value) records onto articles.raw, as the poller would write them."""
    produce(settings, [(settings.topic(ARTICLES_RAW), key.encode(), value) for key, value in records])


def search_hits(settings: Settings, query: str = "*") -> list[dict]:
    """Hits of `query` on the configured backend (an id found twice would be two hits)."""
    async def go() -> list[dict]:
        backend = open_search(settings)
        try:
            return (await backend.search(SearchParams(q=query, size=100))).hits
        finally:
            await backend.close()
    return asyncio.run(go())


def wait_for(condition: Callable[[], bool], timeout: float = 120, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)
