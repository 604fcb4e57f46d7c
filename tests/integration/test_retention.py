"""`mediamon retention` on a real Elasticsearch: an index past the age goes, a newer one stays."""

from __future__ import annotations

from datetime import datetime, timezone

from mediamon.elastic import sync_client
from mediamon.settings import Settings
from tests.conftest import run_mediamon


def test_old_monthly_index_removed_newer_kept(stack_settings: Settings) -> None:
    assert run_mediamon(stack_settings, "es", "setup").returncode == 0
    alias = stack_settings.index_name("articles")
    old, current = f"{alias}-2019.01", f"{alias}-{datetime.now(timezone.utc):%Y.%m}"
    client = sync_client(stack_settings)
    try:
        for name in (old, current):
            client.index(index=name, id="a", document={"title": "x"}, refresh=True)

        dry = run_mediamon(stack_settings, "retention", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert old in dry.stdout and client.indices.exists(index=old)

        result = run_mediamon(stack_settings, "retention", MEDIAMON_INDEX_RETENTION_MONTHS="12")
        assert result.returncode == 0, result.stderr
        assert f"deleted 1 indices: {old}" in result.stdout
        assert not client.indices.exists(index=old)
        assert client.indices.exists(index=current)
    finally:
        client.close()
