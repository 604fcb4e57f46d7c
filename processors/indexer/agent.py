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

from collections.abc import Sequence
from datetime import datetime, timezone

import faust

from mediamon import metrics
from mediamon.elastic import load_templates
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.counters import Counters
from processors.deadletter import send_dead_letter
from processors.indexer.bulk import BulkIndexer, Rejection
from processors.indexer.documents import IndexAction, build_actions, published_at
from processors.indexer.local import LocalIndexer
from processors.indexer.target import open_indexer
from processors.pipeline_topics import PipelineTopics

STAGE = "index"


def observe_indexed(actions: Sequence[IndexAction | None], rejected: set[int]) -> None:
    """Publication -> searchable, for the documents of a batch the backend took."""
    now = datetime.now(timezone.utc)
    for position, action in enumerate(actions):
        if action is not None and position not in rejected:
            metrics.observe_latency("indexed", published_at(action.document), now)


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    templates = load_templates(settings)

    # The embedded index has one writer per process: opened once here, not per agent restart.
    local_index = LocalIndex(local_index_path(settings)) if settings.search_backend == "local" else None

    async def index_batch(indexer: BulkIndexer | LocalIndexer, events: Sequence[faust.EventT]) -> None:
        actions, invalid = build_actions([event.value for event in events], templates, datetime.now(timezone.utc))
        rejected = [Rejection(position, 0, error) for position, error in invalid]
        result = await indexer.index(actions)
        observe_indexed(actions, {rejection.position for rejection in result.rejected})
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
        async with open_indexer(settings, local_index) as indexer:
            async for events in stream.noack_take(settings.index_batch_size, within=settings.index_batch_seconds):
                await index_batch(indexer, events)
                for event in events:
                    await stream.ack(event)
