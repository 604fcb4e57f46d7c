"""Search over the Elasticsearch `articles` alias (the `elasticsearch` search backend)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch

from mediamon.elastic.templates import ArticleTemplates
from mediamon.search.params import SearchParams
from mediamon.search.request import (
    FACETS,
    HIDDEN_SOURCE,
    build_facets,
    build_histogram,
    build_search,
    search_indices,
)
from mediamon.search.response import FacetsResult, SearchResult, histogram_counts, to_facets, to_result

# Languages appear in the index rarely; asking once every few minutes is enough.
LANGUAGES_TTL_SECONDS = 300.0


class SearchService:
    def __init__(self, es: AsyncElasticsearch, templates: ArticleTemplates) -> None:
        self._es = es
        self._templates = templates
        self._present: tuple[float, frozenset[str]] | None = None

    async def _languages(self, params: SearchParams) -> frozenset[str]:
        """Per-language sub-fields worth searching: those of languages that have articles (a word is
        matched against each sub-field, so each absent language is a field scanned for nothing).
        A language filter narrows them further in the request builder."""
        if params.lang:
            return self._templates.languages
        if self._present is None or time.monotonic() - self._present[0] > LANGUAGES_TTL_SECONDS:
            try:
                answer = await self._es.search(index=self._templates.alias, size=0, ignore_unavailable=True,
                                               allow_no_indices=True,
                                               aggs={"lang": {"terms": {"field": "lang", "size": 200}}})
            except ApiError:
                return self._templates.languages
            present = {bucket["key"] for bucket in answer.body.get("aggregations", {}).get("lang", {}).get("buckets", [])}
            self._present = (time.monotonic(), self._templates.languages & present)
        return self._present[1]

    async def search(self, params: SearchParams, facets: bool = False) -> SearchResult:
        """Raises QuerySyntaxError / SearchParamError for bad input, before asking Elasticsearch."""
        now = datetime.now(timezone.utc)
        body = build_search(params, await self._languages(params), now, facets=facets)
        index, options = search_indices(params, self._templates.alias, now)
        answer = await self._es.search(index=index, **options, **body)
        return to_result(answer.body, params.sort, params.size, FACETS if facets else ())

    async def facets(self, params: SearchParams) -> FacetsResult:
        now = datetime.now(timezone.utc)
        body = build_facets(params, await self._languages(params), now)
        index, options = search_indices(params, self._templates.alias, now)
        answer = await self._es.search(index=index, **options, **body)
        return to_facets(answer.body, FACETS)

    async def histogram(self, params: SearchParams, interval: str) -> dict[str, int]:
        now = datetime.now(timezone.utc)
        body = build_histogram(params, await self._languages(params), now, interval)
        index, options = search_indices(params, self._templates.alias, now)
        answer = await self._es.search(index=index, **options, **body)
        return histogram_counts(answer.body)

    async def get(self, article_id: str) -> dict[str, Any] | None:
        answer = await self._es.search(index=self._templates.alias, query={"ids": {"values": [article_id]}},
                                       size=1, source={"excludes": HIDDEN_SOURCE})
        hits = answer.body["hits"]["hits"]
        return dict(hits[0]["_source"]) if hits else None

    async def close(self) -> None:
        await self._es.close()
