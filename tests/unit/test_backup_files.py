"""Backup copies of the local index and SQLite state are complete and usable on their own."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from mediamon.backup.files import copy_sqlite, copy_tantivy, writer_busy
from mediamon.elastic import load_templates
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings
from processors.indexer.documents import to_action
from tests.integration.articles import article

NOW = datetime.now(timezone.utc)


def test_an_index_copy_holds_the_last_commit_and_opens_alone(tmp_path: Path) -> None:
    index = LocalIndex(tmp_path / "index")
    templates = load_templates(Settings())
    for number in range(3):  # three commits: three segments
        index.write([to_action(article(f"a{number}", "Саммит ОДКБ", "ОДКБ", "ru", NOW), templates, NOW).document])
    index.delete("a1")
    assert writer_busy(tmp_path / "index")

    assert copy_tantivy(tmp_path / "index", tmp_path / "copy") == 2
    copy = LocalIndex(tmp_path / "copy")
    assert copy.get("a0") is not None and copy.get("a1") is None and copy.get("a2") is not None
    assert not writer_busy(tmp_path / "copy")


def test_a_sqlite_copy_includes_what_is_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    live = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")  # keep the row in the WAL only
    live.execute("CREATE TABLE seen (id TEXT PRIMARY KEY)")
    live.execute("INSERT INTO seen VALUES ('a1')")
    copy_sqlite(tmp_path / "state.sqlite3", tmp_path / "copy.sqlite3")
    live.close()
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copied:
        assert copied.execute("SELECT id FROM seen").fetchall() == [("a1",)]


def test_copies_taken_while_the_index_is_written_and_merged_are_whole_commits(tmp_path: Path) -> None:
    import threading
    import time

    index = LocalIndex(tmp_path / "index")
    templates = load_templates(Settings())
    stop = threading.Event()

    def write() -> None:  # one article per commit: many small segments, merged in the background
        number = 0
        while not stop.is_set():
            index.write([to_action(article(f"w{number}", "t", "x", "en", NOW), templates, NOW).document])
            number += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        counts = []
        while index.counts()[0] < 5:
            time.sleep(0.01)
        for attempt in range(8):
            time.sleep(0.05)
            documents = copy_tantivy(tmp_path / "index", tmp_path / f"copy{attempt}")
            copy = LocalIndex(tmp_path / f"copy{attempt}")
            assert copy.counts()[0] == documents  # every segment the copied meta names is there
            counts.append(documents)
    finally:
        stop.set()
        writer.join()
    assert counts == sorted(counts) and counts[-1] > counts[0]
