"""Backfill: an archive of articles (JSON Lines) through the same path as polled articles.

Each line becomes the same `RawArticle` a feed entry would (`ingest/entries.py`: the same id from
the canonical URL, text cleaning, length caps, date clamping) and is published to `articles.raw`
with Kafka's acknowledgement awaited, so enrichment, indexing and alerts treat it like any other
article. Dedup: an import state in the data dir remembers the id and version of every record
Kafka acknowledged, so importing the same file again publishes nothing; an article the poller
already published has the same id, so the index overwrites rather than duplicates it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from ingest.entries import Entry, as_utc, to_article
from ingest.feeds import FeedSpec
from ingest.publish import Outgoing, Publisher
from mediamon.errors import RecordError
from mediamon.records import RawArticle
from mediamon.records.codec import loads_text_safe
from mediamon.settings import Settings

FIELDS = {"url", "title", "text", "published", "source", "lang"}
# Lines published per round trip: enough to fill Kafka batches, few enough to report progress often.
CHUNK = 500
# Errors listed in the summary; the rest are counted.
ERRORS_SHOWN = 20


class ImportLineError(RecordError):
    """One line of the archive cannot become an article; the message says which field and why."""


def parse_line(line: str, feed_url: str, fetched: datetime) -> tuple[RawArticle, str]:
    """The raw article of one archive line and the fingerprint of its content."""
    try:
        data = loads_text_safe(line)
    except json.JSONDecodeError as exc:
        raise ImportLineError(f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ImportLineError("not a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise ImportLineError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(FIELDS))}")
    url, text, published = data.get("url"), data.get("text"), data.get("published")
    if not isinstance(url, str) or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        raise ImportLineError(f"url must be an http(s) address, got {url!r}")
    if not isinstance(text, str) or not text.strip():
        raise ImportLineError("text is missing or empty")
    try:
        when = as_utc(datetime.fromisoformat(str(published).replace("Z", "+00:00")))
    except ValueError as exc:
        raise ImportLineError(f"published must be an ISO 8601 date, got {published!r}") from exc
    for name in ("title", "source", "lang"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ImportLineError(f"{name} must be a string")
    source = data.get("source") or urlsplit(url).hostname or "import"
    entry = Entry(url=url, guid=None, title=data.get("title") or "", body=text, body_type="text/plain",
                  published=when)
    feed = FeedSpec(name=source, url=feed_url if feed_url.startswith("http") else "http://import.invalid/",
                    lang=data.get("lang"))
    return to_article(entry, feed, feed_url, fetched), entry.fingerprint


class ImportState:
    """Ids and versions Kafka acknowledged for earlier imports (SQLite in the data dir)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS imported (id TEXT PRIMARY KEY, version TEXT NOT NULL)")

    def known(self, articles: list[RawArticle]) -> set[str]:
        """Ids among `articles` already imported with the same version."""
        marks = ",".join("?" * len(articles))
        rows = self._db.execute(f"SELECT id, version FROM imported WHERE id IN ({marks})",  # noqa: S608 - placeholders only
                                [a.id for a in articles]).fetchall()
        versions = dict(rows)
        return {a.id for a in articles if versions.get(a.id) == a.version}

    def mark(self, articles: Iterable[RawArticle]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO imported (id, version) VALUES (?, ?)",
                                 [(a.id, a.version) for a in articles])

    def close(self) -> None:
        self._db.close()


def import_state_path(settings: Settings) -> Path:
    return settings.data_dir / f"{settings.topic_prefix}import.sqlite"


@dataclass
class ImportSummary:
    read: int = 0
    published: int = 0
    already_imported: int = 0
    invalid: int = 0
    not_acknowledged: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"read {self.read} | published {self.published} | already imported {self.already_imported} | "
                f"invalid {self.invalid}" + (f" | NOT acknowledged {self.not_acknowledged}"
                                             if self.not_acknowledged else ""))


def _chunks(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            chunk.append((number, line))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def import_lines(settings: Settings, lines: Iterable[str], name: str,
                       progress: Callable[[ImportSummary], None] = lambda summary: None) -> ImportSummary:
    """Publish every valid line not imported before; `progress` is called after each chunk."""
    summary = ImportSummary()
    state = ImportState(import_state_path(settings))
    publisher = Publisher(settings)
    feed_url = f"import:{name}"
    try:
        for chunk in _chunks(lines):
            fetched = datetime.now(timezone.utc)
            outgoing: dict[str, Outgoing] = {}
            for number, line in chunk:
                summary.read += 1
                try:
                    article, fingerprint = parse_line(line, feed_url, fetched)
                except ImportLineError as exc:
                    summary.invalid += 1
                    if len(summary.errors) < ERRORS_SHOWN:
                        summary.errors.append(f"line {number}: {exc}")
                    continue
                if article.id in outgoing:
                    summary.already_imported += 1  # the same article twice in the file
                outgoing[article.id] = Outgoing(article, fingerprint)
            known = state.known([item.article for item in outgoing.values()]) if outgoing else set()
            summary.already_imported += len(known)
            fresh = [item for article_id, item in outgoing.items() if article_id not in known]
            if fresh:
                delivery = await publisher.publish(fresh, lambda *_: None)
                state.mark(delivery.acked)
                summary.published += len(delivery.acked)
                summary.not_acknowledged += len(delivery.failed)
                if delivery.error and len(summary.errors) < ERRORS_SHOWN:
                    summary.errors.append(delivery.error)
            progress(summary)
    finally:
        publisher.flush()
        publisher.close()
        state.close()
    return summary
