"""Rebuild search documents from what Kafka retains: `articles.enriched` as it is (a lost index, new
mappings) or `articles.raw` enriched again with today's gazetteers and rules (re-enrich).

Written straight to the search backend through the indexer's own writer, never through Kafka: the
alerts stage does not see these articles again, so a re-enrichment sends no second alert. Idempotent
because the document id is the article id: running it twice leaves the same documents. Records are
read up to the end offsets taken at the start, in topic order, so the last version of an article
retained wins (within a batch too).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from mediamon.elastic import ArticleTemplates, load_templates, setup, sync_client
from mediamon.errors import MediamonError, RecordError
from mediamon.records import decode_raw_article
from mediamon.records.codec import json_object
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex, LocalIndexError
from mediamon.settings import Settings
from mediamon.topic_scan import scan
from mediamon.topology import ARTICLES_ENRICHED, ARTICLES_RAW
from processors.enrich.pipeline import enrich_article, warm_up
from processors.indexer.bulk import BulkIndexer
from processors.indexer.documents import build_actions, published_at
from processors.indexer.local import LocalIndexer
from processors.indexer.target import open_indexer

Source = Literal["enriched", "raw"]
SOURCE_TOPICS = {"enriched": ARTICLES_ENRICHED, "raw": ARTICLES_RAW}
# Reasons kept for the report; the count covers all of them.
MAX_REASONS = 20


@dataclass
class ReindexSummary:
    read: int = 0
    outside: int = 0
    indexed: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)

    def reject(self, key: str, reason: str) -> None:
        self.rejected += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(f"{key or '?'}: {reason}")

    def line(self) -> str:
        return (f"read {self.read} | outside the period {self.outside} | indexed {self.indexed} | "
                f"rejected {self.rejected}")


@dataclass(frozen=True)
class Period:
    """Publication dates to rebuild: since inclusive, until exclusive; None = open."""

    since: datetime | None = None
    until: datetime | None = None

    def contains(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)


def _payload(value: bytes, source: Source) -> bytes:
    """What the indexer would read: the enriched record, enriched here for a raw one."""
    if source == "raw":
        return enrich_article(decode_raw_article(value)).dumps()
    return value


async def _prepare(settings: Settings) -> LocalIndex | None:
    """Elasticsearch: the templates and alias exist before the first write (the same idempotent
    `es setup`). Local: take the index's single writer now, so a running indexer is reported at once
    instead of this command waiting for its lock."""
    if settings.search_backend == "elasticsearch":
        es = sync_client(settings)
        try:
            setup(es, load_templates(settings))
        finally:
            es.close()
        return None
    index = LocalIndex(local_index_path(settings))
    try:
        await asyncio.to_thread(index.write, [])
    except LocalIndexError as exc:
        raise MediamonError(f"{exc}: stop the worker's index stage while rebuilding the local index") from exc
    return index


async def reindex(settings: Settings, source: Source, period: Period,
                  progress: Callable[[ReindexSummary], None] | None = None) -> ReindexSummary:
    """Rebuild the documents of every retained article published in `period` from `source`."""
    if source == "raw":
        warm_up()
    templates = load_templates(settings)
    summary = ReindexSummary()
    # Kafka timestamps are write times, never before publication (future dates are clamped), so
    # nothing published since `since` was written before it: start reading there.
    records = scan(settings, settings.topic(SOURCE_TOPICS[source]), period.since)
    async with open_indexer(settings, await _prepare(settings)) as indexer:
        batch: dict[str, bytes] = {}
        for record in records:
            summary.read += 1
            key = (record.key or b"").decode("utf-8", "replace") or f"{record.partition}:{record.offset}"
            try:
                if not period.contains(published_at(json_object(record.value or b""))):
                    summary.outside += 1
                    continue
                batch[key] = _payload(record.value or b"", source)
            except Exception as exc:  # noqa: BLE001 - like the worker: one bad record never stops the rest
                summary.reject(key, str(exc) if isinstance(exc, RecordError) else f"enrichment failed: {exc!r}")
                continue
            if len(batch) >= settings.index_batch_size:
                await _flush(indexer, batch, templates, summary)
                if progress:
                    progress(summary)
        await _flush(indexer, batch, templates, summary)
    if settings.search_backend == "elasticsearch":
        _refresh(settings, templates.alias)
    return summary


def _refresh(settings: Settings, alias: str) -> None:
    """Searchable when the command returns, not at the next refresh interval."""
    es = sync_client(settings)
    try:
        es.indices.refresh(index=alias)
    finally:
        es.close()


async def _flush(indexer: BulkIndexer | LocalIndexer, batch: dict[str, bytes], templates: ArticleTemplates,
                 summary: ReindexSummary) -> None:
    keys, payloads = list(batch), list(batch.values())
    batch.clear()
    actions, invalid = build_actions(payloads, templates, datetime.now(timezone.utc))
    result = await indexer.index(actions)
    summary.indexed += result.created + result.updated
    for position, reason in invalid + [(r.position, r.error) for r in result.rejected]:
        summary.reject(keys[position], reason)
