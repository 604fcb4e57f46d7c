"""Indexing into the embedded engine with the same contract as `BulkIndexer`: returns only when every
action is committed or rejected, retrying for as long as the index cannot be written.

The write runs in a thread (tokenising and committing 500 articles takes tenths of a second, and the
event loop must keep heartbeats and Kafka fetches going). A commit is durable when it returns, so
the agent's ack afterwards never commits a Kafka offset for an article that is not searchable.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from mediamon.search.local.engine import LocalIndex, LocalIndexError
from processors.indexer.bulk import FIRST_DELAY, BatchResult, Rejection, backoff
from processors.indexer.documents import IndexAction

log = logging.getLogger(__name__)


class LocalIndexer:
    def __init__(self, index: LocalIndex, max_delay: float,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._index = index
        self._max_delay = max_delay
        self._sleep = sleep

    async def index(self, actions: Sequence[IndexAction | None]) -> BatchResult:
        documents = [action.document if action is not None else None for action in actions]
        result = BatchResult()
        delay = FIRST_DELAY
        while True:
            try:
                written = await asyncio.to_thread(self._index.write, documents)
            except (LocalIndexError, OSError) as exc:
                # Another writer still holds the lock (a worker shutting down) or the disk is full:
                # the documents are not written, so wait and try again without acking.
                log.warning("index: the search index cannot be written (%s); retrying %d documents in %.1f s",
                            exc, sum(doc is not None for doc in documents), delay)
                result.retried += sum(doc is not None for doc in documents)
                delay = await backoff(self._sleep, delay, self._max_delay)
                continue
            result.created, result.updated = written.created, written.updated
            result.rejected = [Rejection(position, 0, error) for position, error in written.rejected]
            return result
