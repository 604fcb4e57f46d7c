"""Dead letters as an operator sees them: find them by reason, stage, source or time, and put the
fixed ones back on the topic they came from.

Replay is idempotent twice over. Downstream, a replayed article keeps its id (the Kafka key and the
document id), so the index overwrites instead of adding and the alerts dedup sees the same article.
Here, a ledger in the data dir remembers which letters were replayed, so running the same replay
again sends nothing (`again=True` overrides it, e.g. after a second fix).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mediamon.errors import MediamonError, RecordError
from mediamon.records import DeadLetter, decode_raw_article
from mediamon.records.codec import json_object, record_from
from mediamon.settings import Settings
from mediamon.topic_scan import produce, scan
from mediamon.topology import ALERTS_DLQ, ALERTS_OUT, ARTICLES_DLQ, ARTICLES_RAW

DLQ_TOPICS = (ARTICLES_DLQ, ALERTS_DLQ)
# Alert deliveries are dead-lettered without the event they came from; their input is alerts.out.
_STAGE_INPUTS = {"alerts.deliver": ALERTS_OUT}


@dataclass(frozen=True)
class Letter:
    """One dead letter and where it sits: `ref` (`articles.dlq:0:17`) names it on the command line."""

    dlq: str
    partition: int
    offset: int
    letter: DeadLetter

    @property
    def ref(self) -> str:
        return f"{self.dlq}:{self.partition}:{self.offset}"


@dataclass(frozen=True)
class LetterFilter:
    """Which letters to list or replay; every given criterion must hold."""

    source_topic: str | None = None
    stage: str | None = None
    reason: str | None = None
    key: str | None = None
    since: datetime | None = None
    refs: frozenset[str] = frozenset()

    def matches(self, item: Letter, settings: Settings) -> bool:
        letter = item.letter
        return ((self.source_topic is None or letter.source_topic == settings.topic(self.source_topic))
                and (self.stage is None or letter.stage == self.stage)
                and (self.reason is None or self.reason.casefold() in f"{letter.reason} {letter.error}".casefold())
                and (self.key is None or letter.key == self.key)
                and (self.since is None or (letter.at is not None and letter.at >= self.since))
                and (not self.refs or item.ref in self.refs))


def read_letters(settings: Settings, wanted: LetterFilter, payloads: bool = True) -> tuple[list[Letter], int]:
    """Matching letters of both dead-letter topics, oldest first, and how many records were unreadable.
    Without `payloads` each letter's payload is dropped as it is read: a month of letters can hold
    gigabytes of payloads (up to 800 KB each), and a listing shows none of them."""
    found, unreadable = [], 0
    for dlq in DLQ_TOPICS:
        for record in scan(settings, settings.topic(dlq), wanted.since):
            try:
                data = json_object(record.value or b"")
                if not payloads:
                    data["payload"] = ""
                letter = record_from(data, DeadLetter)
            except RecordError:
                unreadable += 1
                continue
            item = Letter(dlq, record.partition, record.offset, letter)
            if wanted.matches(item, settings):
                found.append(item)
    found.sort(key=lambda item: (item.letter.at.timestamp() if item.letter.at else 0.0, item.ref))
    return found, unreadable


def target_topic(settings: Settings, letter: DeadLetter) -> str:
    """The topic a letter goes back to: the one it was read from, or its stage's input."""
    if letter.source_topic:
        return letter.source_topic
    if letter.stage in _STAGE_INPUTS:
        return settings.topic(_STAGE_INPUTS[letter.stage])
    raise MediamonError(f"the letter of stage {letter.stage!r} does not say where it came from")


def checked_record(settings: Settings, letter: DeadLetter, target: str,
                   payload: str | None) -> tuple[bytes | None, bytes]:
    """Key and value to replay: the fixed `payload` when given, else the original; refused when it
    would only be dead-lettered again (cut to fit the DLQ, or not a valid record for its topic). An
    article's key is its id, as the poller writes it, also when the letter had lost its key."""
    if payload is None and letter.truncated:
        raise MediamonError("its payload was cut to fit the dead-letter topic; replay it with a fixed payload")
    text = letter.payload if payload is None else payload
    key = letter.key or None
    try:
        if target == settings.topic(ARTICLES_RAW):
            key = decode_raw_article(text).id
        else:
            json_object(text)
    except RecordError as exc:
        raise MediamonError(f"the payload would be dead-lettered again: {exc}") from exc
    return (key.encode("utf-8") if key else None), text.encode("utf-8")


class ReplayLedger:
    """Letters already replayed (by ref), in SQLite so an interrupted replay keeps what it recorded."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("CREATE TABLE IF NOT EXISTS replayed (ref TEXT PRIMARY KEY, target TEXT NOT NULL, "
                         "at REAL NOT NULL)")

    def replayed(self, refs: Iterable[str]) -> set[str]:
        return {ref for ref in refs if self._db.execute("SELECT 1 FROM replayed WHERE ref = ?", (ref,)).fetchone()}

    def mark(self, done: Iterable[tuple[str, str]]) -> None:
        now = time.time()
        self._db.executemany("INSERT OR REPLACE INTO replayed VALUES (?, ?, ?)",
                             [(ref, target, now) for ref, target in done])

    def close(self) -> None:
        self._db.close()


def ledger_path(settings: Settings) -> Path:
    """Per topic prefix, like the topics themselves: refs are only unique within one set of topics."""
    return settings.data_dir / f"{settings.topic_prefix}dlq-replayed.sqlite"


@dataclass
class ReplayOutcome:
    sent: list[tuple[Letter, str]]
    already: list[Letter]
    refused: list[tuple[Letter, str]]


def replay(settings: Settings, letters: list[Letter], payload: str | None = None,
           again: bool = False) -> ReplayOutcome:
    """Send each letter's payload (or the fixed `payload`, for exactly one letter) back to its topic
    with its key, once; returns what was sent, skipped as already replayed, and refused with why."""
    if payload is not None and len(letters) != 1:
        raise MediamonError(f"a fixed payload replaces exactly one letter; {len(letters)} match")
    ledger = ReplayLedger(ledger_path(settings))
    try:
        done = set() if again else ledger.replayed(item.ref for item in letters)
        outcome = ReplayOutcome([], [item for item in letters if item.ref in done], [])
        outgoing = []
        for item in letters:
            if item.ref in done:
                continue
            try:
                target = target_topic(settings, item.letter)
                key, value = checked_record(settings, item.letter, target, payload)
            except MediamonError as exc:
                outcome.refused.append((item, str(exc)))
                continue
            outcome.sent.append((item, target))
            outgoing.append((target, key, value))
        if outgoing:
            produce(settings, outgoing)
        ledger.mark((item.ref, target) for item, target in outcome.sent)
        return outcome
    finally:
        ledger.close()
