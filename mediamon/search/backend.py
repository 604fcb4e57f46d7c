"""The one search interface the CLI, the API and the status line use, and the engine behind it.

`MEDIAMON_SEARCH_BACKEND` chooses: `local`, the embedded tantivy index in the data dir (what `make
run` uses: the local server's Elasticsearch has no inverted index and scans every article per
query), or `elasticsearch`, the `articles` alias (docker-compose and production). Both answer the
same parameters with the same result shapes; `tests/integration/test_search_conformance.py` runs
the same cases against both.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from mediamon.elastic import async_client, load_templates
from mediamon.search.params import SearchParams
from mediamon.search.response import FacetsResult, SearchResult
from mediamon.search.service import SearchService
from mediamon.settings import Settings


class SearchBackend(Protocol):
    async def search(self, params: SearchParams, facets: bool = False) -> SearchResult: ...

    async def facets(self, params: SearchParams) -> FacetsResult: ...

    async def histogram(self, params: SearchParams, interval: str) -> dict[str, int]:
        """Matches per `hour` or `day`: UTC bucket start (`2026-12-04T13:00:00Z`) -> count, empty buckets left out."""
        ...

    async def get(self, article_id: str) -> dict[str, Any] | None: ...

    async def close(self) -> None: ...


def local_index_path(settings: Settings) -> Path:
    """One folder per index prefix, so tests (and tenants) sharing a data dir never mix articles."""
    return settings.data_dir / "search" / settings.index_name("articles")


class LocalSearch:
    """The embedded engine behind the async interface: queries run in a thread, off the event loop."""

    def __init__(self, settings: Settings) -> None:
        from mediamon.search.local.engine import LocalIndex

        self.index = LocalIndex(local_index_path(settings))

    async def search(self, params: SearchParams, facets: bool = False) -> SearchResult:
        return await asyncio.to_thread(self.index.search, params, datetime.now(timezone.utc), facets)

    async def facets(self, params: SearchParams) -> FacetsResult:
        return await asyncio.to_thread(self.index.facets, params, datetime.now(timezone.utc))

    async def histogram(self, params: SearchParams, interval: str) -> dict[str, int]:
        return await asyncio.to_thread(self.index.histogram, params, datetime.now(timezone.utc), interval)

    async def get(self, article_id: str) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.index.get, article_id)

    async def close(self) -> None:
        """Nothing to release: readers hold no lock."""


def open_search(settings: Settings) -> SearchBackend:
    """The configured backend; create it inside the running event loop (the ES client needs one)."""
    if settings.search_backend == "local":
        return LocalSearch(settings)
    return SearchService(async_client(settings), load_templates(settings))
