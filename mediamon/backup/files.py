"""Consistent copies of the files the local default keeps: tantivy index folders and SQLite databases,
each taken safely while a worker or poller may be writing.

- A tantivy index is its `meta.json` plus the immutable segment files it names. Copying the meta
  first and then exactly those files gives the last commit as of that meta; a merge may delete a
  segment file meanwhile, and then the copy starts over from a fresh meta.
- A SQLite file (WAL journal) is copied with SQLite's online backup API, which reads one
  consistent state, committed WAL content included.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import sqlite3
from pathlib import Path

from mediamon.errors import MediamonError

SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite's side files (folded in by the backup API) and tantivy's locks: never copied.
SKIPPED_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
TANTIVY_META = "meta.json"
TANTIVY_MANAGED = ".managed.json"
WRITER_LOCK = ".tantivy-writer.lock"
COPY_ATTEMPTS = 5


def is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def is_tantivy_index(path: Path) -> bool:
    return path.is_dir() and (path / TANTIVY_META).is_file()


def copy_sqlite(source: Path, target: Path) -> None:
    """`target` becomes a consistent copy of `source`, whoever is writing `source`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _segment_files(folder: Path, meta: dict) -> list[Path]:
    prefixes = tuple(segment["segment_id"].replace("-", "") for segment in meta["segments"])
    return sorted(path for path in folder.iterdir() if path.name.startswith(prefixes))


def copy_tantivy(source: Path, target: Path) -> int:
    """Copy the index's last commit into the new folder `target`; returns the documents it holds."""
    for _ in range(COPY_ATTEMPTS):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        meta_bytes = (source / TANTIVY_META).read_bytes()
        meta = json.loads(meta_bytes)
        try:
            files = _segment_files(source, meta)
            for path in files:
                shutil.copy2(path, target / path.name)
        except FileNotFoundError:
            continue  # a merge replaced segments of this meta meanwhile: take the new meta
        # The meta goes in last, with the list tantivy uses to garbage-collect the files it manages.
        (target / TANTIVY_MANAGED).write_text(json.dumps([p.name for p in files] + [TANTIVY_META]))
        (target / TANTIVY_META).write_bytes(meta_bytes)
        return sum(s["max_doc"] - ((s.get("deletes") or {}).get("num_deleted_docs", 0)) for s in meta["segments"])
    raise MediamonError(f"{source}: the index changed under every one of {COPY_ATTEMPTS} copy attempts")


def writer_busy(index: Path) -> bool:
    """True while a process holds the index's writer lock (tantivy takes an flock on this file)."""
    lock = index / WRITER_LOCK
    if not lock.exists():
        return False
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def replace_folder(staged: Path, target: Path) -> None:
    """Swap `staged` in for `target` with renames, so a reader never sees a half-restored index."""
    old = target.with_name(target.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)
