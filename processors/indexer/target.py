"""The writer for the configured search backend, shared by the indexer agent and `mediamon reindex`,
so a rebuilt index is written with exactly the worker's guarantees (upsert by id, retries, rejects)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from elasticsearch import TransportError

from mediamon.elastic import async_client, load_templates, sync_client
from mediamon.elastic.setup import ready_for_writing
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.indexer.bulk import BulkIndexer
from processors.indexer.local import LocalIndexer


log = logging.getLogger(__name__)
# How often a worker started before `mediamon setup` checks again (it writes nothing meanwhile).
NOT_READY_RETRY_SECONDS = 10.0


async def wait_until_ready(settings: Settings) -> None:
    """Block until Elasticsearch has our template and alias, installing them when allowed."""
    templates = load_templates(settings)
    while True:
        es = sync_client(settings)
        try:
            problem = await asyncio.to_thread(ready_for_writing, es, templates)
        except TransportError as exc:
            problem = f"Elasticsearch is unreachable ({exc})"
        finally:
            es.close()
        if problem is None:
            return
        log.error("indexer: not writing yet: %s; checking again in %.0f s", problem, NOT_READY_RETRY_SECONDS)
        await asyncio.sleep(NOT_READY_RETRY_SECONDS)


@asynccontextmanager
async def open_indexer(settings: Settings, local_index: LocalIndex | None) -> AsyncIterator[BulkIndexer | LocalIndexer]:
    """`local_index` is the embedded index when the backend is local (one writer per process, so the
    caller opens it once), else None for Elasticsearch."""
    if local_index is not None:
        yield LocalIndexer(local_index, max_delay=settings.index_retry_max_seconds)
        return
    await wait_until_ready(settings)
    # Our own retry loop replaces the client's: it waits as long as it takes, without moving on.
    es = async_client(settings, max_retries=0, retry_on_timeout=False)
    try:
        yield BulkIndexer(es, max_delay=settings.index_retry_max_seconds)
    finally:
        await es.close()
