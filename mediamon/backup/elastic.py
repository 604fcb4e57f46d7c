"""Backups of the article indices as Elasticsearch snapshots (production, docker-compose).

Snapshots are incremental and taken by the cluster itself while indexing goes on. The repository is
registered on first use as a shared-filesystem one (`path.repo` must list its folder on every node:
docker-compose mounts one); a repository the operator made (S3, GCS, Azure) is used as it is. Only
the article indices are snapshotted, with their aliases, never the cluster's global state (users,
roles and templates are `mediamon setup`'s job).
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from mediamon.elastic import sync_client
from mediamon.elastic.templates import BASE_NAME
from mediamon.errors import MediamonError
from mediamon.settings import Settings


def ensure_repository(es: Elasticsearch, settings: Settings) -> bool:
    """Register the snapshot repository unless it exists; True when it was created now."""
    try:
        es.snapshot.get_repository(name=settings.es_snapshot_repository)
        return False
    except NotFoundError:
        es.snapshot.create_repository(name=settings.es_snapshot_repository, repository={
            "type": "fs", "settings": {"location": settings.es_snapshot_location, "compress": True}})
        return True


def _pattern(settings: Settings) -> str:
    return f"{settings.index_name(BASE_NAME)}-*"


def create(settings: Settings, name: str) -> dict[str, Any]:
    """Snapshot every monthly article index; returns the snapshot's description once complete."""
    es = sync_client(settings, request_timeout=3600)
    try:
        ensure_repository(es, settings)
        answer = es.snapshot.create(repository=settings.es_snapshot_repository, snapshot=name,
                                    indices=_pattern(settings), include_global_state=False,
                                    wait_for_completion=True)
        snapshot = answer["snapshot"]
        if snapshot.get("state", "SUCCESS") != "SUCCESS" or snapshot["shards"]["failed"]:
            raise MediamonError(f"snapshot {name} is {snapshot.get('state')}: {snapshot.get('failures')}")
        return snapshot
    finally:
        es.close()


def list_snapshots(settings: Settings) -> list[dict[str, Any]]:
    es = sync_client(settings)
    try:
        ensure_repository(es, settings)
        return es.snapshot.get(repository=settings.es_snapshot_repository, snapshot="_all")["snapshots"]
    finally:
        es.close()


def restore(settings: Settings, name: str, replace: bool) -> list[str]:
    """Restore the snapshot's article indices (and their aliases); returns their names. An index
    that exists is deleted first only with `replace`: otherwise nothing is touched."""
    es = sync_client(settings, request_timeout=3600)
    try:
        found = es.snapshot.get(repository=settings.es_snapshot_repository, snapshot=name)["snapshots"]
        indices = sorted(found[0]["indices"]) if found else []
        existing = sorted(es.indices.get(index=",".join(indices), ignore_unavailable=True)) if indices else []
        if existing and not replace:
            raise MediamonError(f"these indices exist: {', '.join(existing)}; restore with --replace to "
                                "overwrite them with the snapshot")
        if existing:
            es.indices.delete(index=",".join(existing))
        if indices:
            es.snapshot.restore(repository=settings.es_snapshot_repository, snapshot=name, indices=",".join(indices),
                                include_aliases=True, include_global_state=False, wait_for_completion=True)
        return indices
    finally:
        es.close()
