"""The writer for the configured search backend, shared by the indexer agent and `mediamon reindex`,
so a rebuilt index is written with exactly the worker's guarantees (upsert by id, retries, rejects)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mediamon.elastic import async_client
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.indexer.bulk import BulkIndexer
from processors.indexer.local import LocalIndexer


@asynccontextmanager
async def open_indexer(settings: Settings, local_index: LocalIndex | None) -> AsyncIterator[BulkIndexer | LocalIndexer]:
    """`local_index` is the embedded index when the backend is local (one writer per process, so the
    caller opens it once), else None for Elasticsearch."""
    if local_index is not None:
        yield LocalIndexer(local_index, max_delay=settings.index_retry_max_seconds)
        return
    # Our own retry loop replaces the client's: it waits as long as it takes, without moving on.
    es = async_client(settings, max_retries=0, retry_on_timeout=False)
    try:
        yield BulkIndexer(es, max_delay=settings.index_retry_max_seconds)
    finally:
        await es.close()
