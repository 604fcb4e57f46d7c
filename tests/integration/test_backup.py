"""`mediamon backup`: the local default's index and state survive losing the data dir, and
Elasticsearch indices come back from a snapshot, with their alias, searchable."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon.elastic import sync_client
from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.articles import article, index_articles, prepared
from tests.integration.day_two import search_hits, wait_for

NOW = datetime.now(timezone.utc).replace(microsecond=0)
ARCHIVE = [
    {"url": "https://archive.example/ru/1", "title": "Саммит ОДКБ", "text": "Лидеры стран ОДКБ встретились в Минске.",
     "published": (NOW - timedelta(days=2)).isoformat()},
    {"url": "https://archive.example/en/2", "title": "CSTO drills", "text": "The CSTO held drills near Dushanbe.",
     "published": (NOW - timedelta(hours=3)).isoformat()},
]


def _ok(settings: Settings, *args: str) -> str:
    done = run_mediamon(settings, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _found(settings: Settings) -> dict[str, list[str]]:
    return {hit["url"]: hit["entities"] for hit in search_hits(settings, "CSTO OR ОДКБ")}


def test_local_backup_survives_a_wiped_data_dir(stack_settings: Settings, worker_factory, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"search_backend": "local", "data_dir": tmp_path / "data",
                                                 "backup_dir": tmp_path / "backups"})
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in ARCHIVE) + "\n")
    worker = worker_factory(settings)
    _ok(settings, "alerts", "add", "--name", "CSTO desk", "--entity", "CSTO", "--webhook", "https://hooks.example/x")
    assert "published 2" in _ok(settings, "import", "--input", str(archive))
    wait_for(lambda: len(_found(settings)) == 2, what="the imported articles to be searchable")
    before = _found(settings)

    created = _ok(settings, "backup", "create", "before-wipe")  # while the worker holds the index open
    assert "2 documents in 1 indices, 1 databases" in created and "1 subscription records" in created, created
    worker.stop()
    shutil.rmtree(settings.data_dir)
    assert _found(settings) == {}

    lost = settings.model_copy(update={"topic_prefix": settings.topic_prefix + "lost."})
    ensure_topics(lost)  # the local server's topics went with the data dir: a new, empty set
    restored = _ok(lost, "backup", "restore", "before-wipe")
    assert "mediamon reindex" in restored
    assert "CSTO desk" in _ok(lost, "alerts", "list")
    assert _found(settings) == before
    assert "published 0 | already imported 2" in _ok(settings, "import", "--input", str(archive))
    assert "before-wipe" in _ok(settings, "backup", "list")

    worker_factory(settings)
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps({**ARCHIVE[1], "url": "https://archive.example/en/3"}) + "\n")
    _ok(settings, "import", "--input", str(late))
    wait_for(lambda: len(_found(settings)) == 3, what="the worker to write the index")
    refused = run_mediamon(settings, "backup", "restore", "before-wipe")
    assert refused.returncode == 1 and "stop the worker" in refused.stderr, refused.stderr


def test_elasticsearch_snapshot_restores_deleted_indices(stack_settings: Settings, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"es_snapshot_repository": f"{stack_settings.index_prefix}repo",
                                                 "es_snapshot_location": str(tmp_path / "snapshots")})
    prepared(settings).close()
    index_articles(settings, [article("a1", "Саммит ОДКБ", "ОДКБ", "ru", NOW - timedelta(days=40), entities=("CSTO",)),
                              article("a2", "CSTO drills", "CSTO", "en", NOW, entities=("CSTO",))])
    assert "snapshot s1 of" in _ok(settings, "backup", "create", "s1")
    assert "s1" in _ok(settings, "backup", "list")
    es = sync_client(settings)
    try:
        monthly = sorted(es.indices.get(index=f"{settings.index_name('articles')}-*"))
        es.indices.delete(index=",".join(monthly))
        refused = run_mediamon(settings, "backup", "restore", "s1")
        assert refused.returncode == 0, refused.stderr  # nothing exists, so nothing to refuse
        assert Counter(hit["id"] for hit in search_hits(settings, "CSTO OR ОДКБ")) == {"a1": 1, "a2": 1}
        again = run_mediamon(settings, "backup", "restore", "s1")
        assert again.returncode == 1 and "--replace" in again.stderr
        assert "restored" in _ok(settings, "backup", "restore", "s1", "--replace")
        assert sorted(es.indices.get(index=f"{settings.index_name('articles')}-*")) == monthly
    finally:
        es.close()


def test_subscriptions_are_exported_and_imported_once(stack_settings: Settings, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data"})
    _ok(settings, "alerts", "add", "--name", "CSTO desk", "--entity", "CSTO", "--webhook", "https://hooks.example/x")
    exported = tmp_path / "subscriptions.jsonl"
    _ok(settings, "backup", "subscriptions", "--export", str(exported))
    assert len(exported.read_text().splitlines()) == 1

    fresh = settings.model_copy(update={"topic_prefix": settings.topic_prefix + "restored."})
    ensure_topics(fresh)
    assert "imported 1 | unchanged 0" in _ok(fresh, "backup", "subscriptions", "--import", str(exported))
    assert "imported 0 | unchanged 1" in _ok(fresh, "backup", "subscriptions", "--import", str(exported))
    assert "CSTO desk" in _ok(fresh, "alerts", "list")
