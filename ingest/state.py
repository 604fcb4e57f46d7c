"""Per-feed poll state and the set of published entries, persisted in a small SQLite file.

Why SQLite under `settings.data_dir` rather than a compacted Kafka topic: the poller reads and
writes this state on every poll of every feed (caching headers, schedule, one lookup per entry).
A local file answers those in microseconds, transactionally, and survives restarts and kill -9
(WAL journal); a compacted topic would have to be replayed in full at every start and written
through a second producer whose acknowledgements would race the article records. The poller is a
single process per feed list, so nothing else needs to read this state. The file is named after
the output topic: "seen" means "acknowledged on that topic", so a test or tenant publishing to
another topic starts from a clean slate.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_RAW

# An entry unseen in any feed for this long is forgotten; feeds do not re-serve items that old.
SEEN_RETENTION_SECONDS = 90 * 86400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, fetch_url TEXT, etag TEXT, last_modified TEXT, body_hash TEXT,
    last_success REAL, last_attempt REAL, error_count INTEGER NOT NULL DEFAULT 0,
    next_poll REAL NOT NULL DEFAULT 0, interval REAL, entry_rate REAL,
    disabled INTEGER NOT NULL DEFAULT 0, last_error TEXT);
CREATE TABLE IF NOT EXISTS seen (
    id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, feed_url TEXT NOT NULL, last_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS log_positions (partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL);
"""


@dataclass
class FeedState:
    """What we remember about one configured feed (keyed by its URL in the feed list)."""

    url: str
    fetch_url: str | None = None  # where a permanent redirect moved it
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_success: float | None = None
    last_attempt: float | None = None
    error_count: int = 0
    next_poll: float = 0.0
    interval: float | None = None
    entry_rate: float | None = None  # observed new entries per hour
    disabled: bool = False
    last_error: str | None = None

    @property
    def current_url(self) -> str:
        return self.fetch_url or self.url


_COLUMNS = [f.name for f in fields(FeedState)]


def state_path(settings: Settings) -> Path:
    return settings.data_dir / "ingest" / f"{settings.topic(ARTICLES_RAW)}.sqlite3"


class PollState:
    """Feed states and seen entries; every write commits, so a crash loses at most one feed."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute("DELETE FROM seen WHERE last_seen < ?", (time.time() - SEEN_RETENTION_SECONDS,))

    def close(self) -> None:
        self._db.close()

    def feed(self, url: str) -> FeedState:
        row = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return FeedState(url=url)
        state = FeedState(**dict(zip(_COLUMNS, row)))
        state.disabled = bool(state.disabled)
        return state

    def save_feed(self, state: FeedState) -> None:
        values = asdict(state)
        values["disabled"] = int(state.disabled)
        placeholders = ", ".join(f":{name}" for name in _COLUMNS)
        self._db.execute(f"INSERT OR REPLACE INTO feeds ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values)

    def fingerprints(self, ids: list[str]) -> dict[str, str]:
        """Stored fingerprint of each id we already published (ids never published are absent)."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT id, fingerprint FROM seen WHERE id IN ({marks})", chunk))
        return found

    def mark_seen(self, items: list[tuple[str, str, str]], now: float,
                  positions: dict[int, int] | None = None) -> None:
        """Record (id, fingerprint, feed URL) triples; call only after Kafka acknowledged those records.

        `positions` (partition -> offset after the acknowledged record) moves the log positions
        forward in the same transaction, so they never claim more than the seen table holds.
        """
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO seen (id, fingerprint, feed_url, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, last_seen = excluded.last_seen",
                [(item_id, fingerprint, feed_url, now) for item_id, fingerprint, feed_url in items])
            self._db.executemany(
                "INSERT INTO log_positions (partition, next_offset) VALUES (?, ?) ON CONFLICT(partition) "
                "DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)",
                list((positions or {}).items()))

    def log_positions(self) -> dict[int, int]:
        """Per partition of the output topic, the offset after the last record known to be marked seen."""
        return dict(self._db.execute("SELECT partition, next_offset FROM log_positions"))

    def touch(self, ids: list[str], now: float) -> None:
        """Keep re-served entries remembered (retention counts from the last time a feed had them).

        Refreshed at most daily per entry: a write per entry per poll would cost more than the parse.
        """
        with self._db:
            self._db.execute("BEGIN")
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                self._db.execute(f"UPDATE seen SET last_seen = ? WHERE last_seen < ? AND id IN ({', '.join('?' * len(chunk))})",
                                 [now, now - 86400, *chunk])
