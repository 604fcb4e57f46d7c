"""Bulk indexing that never moves on while Elasticsearch is unavailable.

Failures are sorted: the whole request failing on a connection error, 429 or 5xx, and items
rejected with 429/503 or a missing index, are cluster states, so they are retried with capped
exponential backoff until they succeed: the agent does not ack the batch meanwhile, so Kafka
keeps the records. Any other per-item error is the document's fault and comes back as a
`Rejection` for the dead-letter topic; an item failing with another 5xx is retried a few times
first.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from mediamon import metrics
from processors.indexer.documents import IndexAction

log = logging.getLogger(__name__)

# Item statuses that say "the cluster cannot take this now", not "this document is wrong".
RETRY_FOREVER = {429, 503}
# Other 5xx on one item might be a bug tied to that document: retry, then dead-letter it.
ITEM_5XX_ATTEMPTS = 5
FIRST_DELAY = 0.5


@dataclass(frozen=True)
class Rejection:
    position: int
    status: int
    error: str


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    retried: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def _describe(error: Any) -> str:
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        return f"{reason} (caused by {_describe(cause)})" if isinstance(cause, dict) else reason
    return str(error)


def _transient(exc: Exception) -> bool:
    if isinstance(exc, ApiError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, TransportError)  # connection refused/reset, timeouts


def _index_missing(item: dict[str, Any]) -> bool:
    return item.get("status") == 404 and (item.get("error") or {}).get("type") == "index_not_found_exception"


class BulkIndexer:
    """Indexes batches of actions; returns only when every action is indexed or rejected."""

    def __init__(self, es: AsyncElasticsearch, max_delay: float,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._es = es
        self._max_delay = max_delay
        self._sleep = sleep

    async def index(self, actions: Sequence[IndexAction | None]) -> BatchResult:
        """`None` entries are skipped (the caller already rejected them); positions stay aligned."""
        result = BatchResult()
        pending = {pos: action for pos, action in enumerate(actions) if action is not None}
        attempts = dict.fromkeys(pending, 0)
        delay = FIRST_DELAY
        while pending:
            positions = list(pending)
            operations: list[dict[str, Any]] = []
            for pos in positions:
                action = pending[pos]
                operations += [{"index": {"_index": action.index, "_id": action.id}}, action.document]
            started = time.perf_counter()
            try:
                response = await self._es.bulk(operations=operations)
            except (ApiError, TransportError) as exc:
                metrics.observe_bulk("unavailable" if _transient(exc) else "refused", time.perf_counter() - started)
                if not _transient(exc):
                    error = f"bulk request refused: {exc}"
                    result.rejected += [Rejection(pos, getattr(exc, "status_code", 0), error) for pos in positions]
                    return result
                log.warning("index: Elasticsearch unavailable (%s); retrying %d documents in %.1f s",
                            exc, len(positions), delay)
                result.retried += len(positions)
                delay = await self._backoff(delay)
                continue
            rejected_before = len(result.rejected)
            retry_later = self._sort_items(positions, response["items"], attempts, result)
            metrics.observe_bulk("answered", time.perf_counter() - started, retried=len(retry_later),
                                 dead_lettered=len(result.rejected) - rejected_before)
            for pos in list(pending):
                if pos not in retry_later:
                    del pending[pos]
            if pending:
                result.retried += len(pending)
                log.warning("index: %d documents not accepted yet; retrying in %.1f s", len(pending), delay)
                delay = await self._backoff(delay)
        return result

    @staticmethod
    def _sort_items(positions: list[int], items: list[dict[str, Any]], attempts: dict[int, int],
                    result: BatchResult) -> set[int]:
        retry_later: set[int] = set()
        for pos, wrapped in zip(positions, items):
            item = next(iter(wrapped.values()))
            status = int(item.get("status", 0))
            if status < 300:
                if item.get("result") == "updated":
                    result.updated += 1
                else:
                    result.created += 1
            elif status in RETRY_FOREVER or _index_missing(item):
                retry_later.add(pos)
                if _index_missing(item):
                    log.error("index: %s does not exist and was not auto-created; run `mediamon es setup` "
                              "and allow auto-creation of the monthly indices", item.get("_index"))
            elif status >= 500 and attempts[pos] + 1 < ITEM_5XX_ATTEMPTS:
                attempts[pos] += 1
                retry_later.add(pos)
            else:
                result.rejected.append(Rejection(pos, status, _describe(item.get("error"))))
        return retry_later

    async def _backoff(self, delay: float) -> float:
        return await backoff(self._sleep, delay, self._max_delay)


async def backoff(sleep: Callable[[float], Awaitable[None]], delay: float, max_delay: float) -> float:
    """Sleep with jitter (so many workers do not retry in lockstep); return the next delay."""
    await sleep(delay * random.uniform(0.8, 1.2))
    return min(delay * 2, max_delay)
