"""Faust agent: articles.enriched -> the search backend (id = article id); rejects -> articles.dlq.

The backend is the one `MEDIAMON_SEARCH_BACKEND` names: Elasticsearch (monthly index from the
template) or the embedded engine (`processors/indexer/local.py`), with the same guarantees.

Messages arrive as bytes and become documents with one `json.loads` (no faust Record round trip);
a payload that is not an indexable article is dead-lettered with the reason, not skipped.

Events are taken with `noack_take` and acked only after their batch is indexed or dead-lettered,
and faust commits acked offsets only: while Elasticsearch is down the batch waits here, and if
the worker stops meanwhile Kafka hands the same records to the next worker. (`take` would ack
the batch in a `finally` even when the agent is cancelled mid-retry.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import faust

from mediamon.elastic import ArticleTemplates, async_client, load_templates
from mediamon.errors import RecordError
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.counters import Counters
from processors.deadletter import send_dead_letter
from processors.indexer.bulk import BulkIndexer, Rejection
from processors.indexer.documents import IndexAction, action_from_json
from processors.indexer.local import LocalIndexer
from processors.pipeline_topics import PipelineTopics

STAGE = "index"


def _actions(events: Sequence[faust.EventT], templates: ArticleTemplates,
             now: datetime) -> tuple[list[IndexAction | None], list[Rejection]]:
    actions: list[IndexAction | None] = []
    rejected: list[Rejection] = []
    for position, event in enumerate(events):
        try:
            actions.append(action_from_json(event.value, templates, now))
        except RecordError as exc:
            actions.append(None)
            rejected.append(Rejection(position, 0, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug on one record must not block the batch
            actions.append(None)
            rejected.append(Rejection(position, 0, f"not an indexable article: {exc!r}"))
    return actions, rejected


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    templates = load_templates(settings)

    # The embedded index has one writer per process: opened once here, not per agent restart.
    local_index = LocalIndex(local_index_path(settings)) if settings.search_backend == "local" else None

    @asynccontextmanager
    async def open_indexer() -> AsyncIterator[BulkIndexer | LocalIndexer]:
        if local_index is not None:
            yield LocalIndexer(local_index, max_delay=settings.index_retry_max_seconds)
            return
        # Our own retry loop replaces the client's: it waits as long as it takes, without moving on.
        es = async_client(settings, max_retries=0, retry_on_timeout=False)
        try:
            yield BulkIndexer(es, max_delay=settings.index_retry_max_seconds)
        finally:
            await es.close()

    async def index_batch(indexer: BulkIndexer | LocalIndexer, events: Sequence[faust.EventT]) -> None:
        actions, rejected = _actions(events, templates, datetime.now(timezone.utc))
        result = await indexer.index(actions)
        for rejection in rejected + result.rejected:
            event, action = events[rejection.position], actions[rejection.position]
            reason = "rejected by Elasticsearch" if rejection.status else "invalid record"
            await send_dead_letter(topics.dlq, STAGE, reason, rejection.error, event.value, event,
                                   key=action.id if action else None)
        counters.count(STAGE, "ok", result.created)
        counters.count(STAGE, "updated", result.updated)
        counters.count(STAGE, "retried", result.retried)
        counters.count(STAGE, "dead_lettered", len(rejected) + len(result.rejected))

    @app.agent(topics.enriched, name=f"{settings.app_id}.index")
    async def index_articles(stream: faust.StreamT) -> None:
        async with open_indexer() as indexer:
            async for events in stream.noack_take(settings.index_batch_size, within=settings.index_batch_seconds):
                await index_batch(indexer, events)
                for event in events:
                    await stream.ack(event)
