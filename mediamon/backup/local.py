"""Backups of the local default's data dir: the embedded search index, the SQLite state (poll state,
import ledger, replay ledger) and the small files beside them (API token hashes, the channel-secrets
key, without which subscriptions' secrets cannot be decrypted).

Not copied: the local server's own folder (Kafka's topics: retention-bound, and what a restore is
topped up from with `mediamon reindex`), faust's table caches (rebuilt from their changelog topics),
logs and heartbeats. The one topic that is state rather than a stream, the alert subscriptions, is
exported into the backup and written back on restore. A backup is a folder under `MEDIAMON_BACKUP_DIR` with a manifest; it is built
under a hidden name and renamed at the end, so a half-made backup never looks like one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from mediamon.backup import subscriptions
from mediamon.backup.files import (
    SKIPPED_SUFFIXES,
    copy_sqlite,
    copy_tantivy,
    is_sqlite,
    is_tantivy_index,
    replace_folder,
    writer_busy,
)
from mediamon.errors import MediamonError
from mediamon.health import HEALTH_DIR
from mediamon.settings import Settings
from mediamon.stack import STACK_DIR

MANIFEST = "manifest.json"
DATA = "data"
SUBSCRIPTIONS = "subscriptions.jsonl"
NOT_OURS = frozenset({STACK_DIR, "faust", "logs", HEALTH_DIR})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass
class Manifest:
    name: str
    created: str
    indices: dict[str, int] = field(default_factory=dict)  # relative folder -> documents
    databases: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    subscriptions: int = 0  # records exported from the subscriptions topic

    def line(self) -> str:
        return (f"{self.name}  {self.created}  {sum(self.indices.values())} documents in {len(self.indices)} "
                f"indices, {len(self.databases)} databases, {len(self.files)} other files, "
                f"{self.subscriptions} subscription records")


def default_name(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")


def _checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise MediamonError(f"backup names are letters, digits, '.', '_' and '-': {name!r}")
    return name


def _copy_tree(folder: Path, data_dir: Path, staged: Path, manifest: Manifest, skip: Path) -> None:
    for path in sorted(folder.iterdir()):
        relative = path.relative_to(data_dir)
        if path.resolve() == skip or (folder == data_dir and path.name in NOT_OURS):
            continue
        if path.is_dir():
            if is_tantivy_index(path):
                manifest.indices[str(relative)] = copy_tantivy(path, staged / relative)
            else:
                _copy_tree(path, data_dir, staged, manifest, skip)
        elif path.is_file() and not path.name.endswith(SKIPPED_SUFFIXES):
            (staged / relative).parent.mkdir(parents=True, exist_ok=True)
            if is_sqlite(path):
                copy_sqlite(path, staged / relative)
                manifest.databases.append(str(relative))
            else:
                shutil.copy2(path, staged / relative)
                manifest.files.append(str(relative))


def create(settings: Settings, name: str | None = None) -> Manifest:
    """Back up the data dir and the subscriptions into `backup_dir/<name>`; safe while the pipeline
    runs (Kafka must be up: the subscriptions are read from it)."""
    name = _checked_name(name or default_name())
    final = settings.backup_dir / name
    if final.exists():
        raise MediamonError(f"backup {final} exists already")
    if not settings.data_dir.is_dir():
        raise MediamonError(f"no data dir {settings.data_dir} to back up")
    staged = settings.backup_dir / f".{name}.partial"
    shutil.rmtree(staged, ignore_errors=True)
    manifest = Manifest(name=name, created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    _copy_tree(settings.data_dir, settings.data_dir, staged / DATA, manifest, settings.backup_dir.resolve())
    with open(staged / SUBSCRIPTIONS, "w", encoding="utf-8") as out:
        for line in subscriptions.export_lines(settings):
            out.write(line + "\n")
            manifest.subscriptions += 1
    (staged / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2))
    staged.rename(final)
    return manifest


def read_manifest(folder: Path) -> Manifest:
    try:
        return Manifest(**json.loads((folder / MANIFEST).read_text()))
    except (OSError, ValueError, TypeError) as exc:
        raise MediamonError(f"{folder} is not a mediamon backup: {exc}") from exc


def list_backups(settings: Settings) -> list[Manifest]:
    """Complete backups, oldest first."""
    if not settings.backup_dir.is_dir():
        return []
    return [read_manifest(path) for path in sorted(settings.backup_dir.iterdir())
            if (path / MANIFEST).is_file() and not path.name.startswith(".")]


def restore(settings: Settings, name: str) -> Manifest:
    """Put a backup's files back into the data dir and its subscriptions back on their topic (only
    those that differ). The index's writer (the worker) must be stopped; stop the poller too, whose
    poll state is replaced under it."""
    folder = settings.backup_dir / _checked_name(name)
    manifest = read_manifest(folder)
    data_dir, source = settings.data_dir, folder / DATA
    busy = [relative for relative in manifest.indices if writer_busy(data_dir / relative)]
    if busy:
        raise MediamonError(f"a process is writing {', '.join(busy)}: stop the worker before restoring")
    for relative in manifest.indices:
        target = data_dir / relative
        staged = target.with_name(target.name + ".restoring")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(source / relative, staged)
        replace_folder(staged, target)
    for relative in manifest.databases:
        copy_sqlite(source / relative, data_dir / relative)
    for relative in manifest.files:
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staged_file = target.with_name(target.name + ".restoring")
        shutil.copy2(source / relative, staged_file)
        os.replace(staged_file, target)
    with open(folder / SUBSCRIPTIONS, encoding="utf-8") as lines:
        subscriptions.import_lines(settings, lines)
    return manifest
