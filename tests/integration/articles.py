"""Test articles and indexing them through the indexer's own code (documents + bulk), not a copy."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from elasticsearch import Elasticsearch

from mediamon.elastic import async_client, load_templates, setup, sync_client
from mediamon.records import EnrichedArticle, Mention, TopicScore
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.indexer.bulk import BulkIndexer
from processors.indexer.documents import to_action


def article(article_id: str, title: str, text: str, lang: str, published: datetime, source: str = "Test Source",
            entities: tuple[str, ...] = (), framing: str | None = None, topics: tuple[str, ...] = (),
            country: str | None = None) -> EnrichedArticle:
    mentions = [Mention(entity=e, surface=e, start=0, end=len(e), field="text", confidence=0.9, framing=framing)
                for e in entities]
    return EnrichedArticle(
        id=article_id, url=f"http://example.test/{article_id}", feed_url="http://example.test/rss", source=source,
        title=title, text=text, published=published, fetched=datetime.now(timezone.utc), lang=lang, country=country,
        mentions=mentions, entities=list(entities),
        topics=[TopicScore(id=t, label=f"label {t}", score=0.5) for t in topics])


def prepared(settings: Settings) -> Elasticsearch:
    """Templates installed (as `mediamon es setup` does); returns a client for assertions."""
    es = sync_client(settings)
    setup(es, load_templates(settings))
    return es


def index_articles(settings: Settings, articles: list[EnrichedArticle]) -> None:
    """Index with the indexer's own code for the configured backend (BulkIndexer, then a refresh so
    the next search sees them; or the embedded engine's writer)."""
    templates = load_templates(settings)
    if settings.search_backend == "local":
        now = datetime.now(timezone.utc)
        written = LocalIndex(local_index_path(settings)).write([to_action(a, templates, now).document
                                                                 for a in articles])
        assert not written.rejected, written.rejected
        return

    async def go() -> None:
        async with async_client(settings) as es:
            now = datetime.now(timezone.utc)
            result = await BulkIndexer(es, max_delay=1).index([to_action(a, templates, now) for a in articles])
            assert not result.rejected, result.rejected
            await es.indices.refresh(index=templates.alias)

    asyncio.run(go())
