"""Search over the Elasticsearch `articles` alias (the `elasticsearch` search backend)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from elasticsearch import AsyncElasticsearch

from mediamon.elastic.templates import ArticleTemplates
from mediamon.search.params import SearchParams
from mediamon.search.request import HIDDEN_SOURCE, build_facets, build_search
from mediamon.search.response import FacetsResult, SearchResult, to_facets, to_result


class SearchService:
    def __init__(self, es: AsyncElasticsearch, templates: ArticleTemplates) -> None:
        self._es = es
        self._templates = templates

    async def search(self, params: SearchParams, facets: bool = False) -> SearchResult:
        """Raises QuerySyntaxError / SearchParamError for bad input, before asking Elasticsearch."""
        body = build_search(params, self._templates.languages, datetime.now(timezone.utc), facets=facets)
        answer = await self._es.search(index=self._templates.alias, **body)
        return to_result(answer.body, params.sort, params.size)

    async def facets(self, params: SearchParams) -> FacetsResult:
        body = build_facets(params, self._templates.languages, datetime.now(timezone.utc))
        answer = await self._es.search(index=self._templates.alias, **body)
        return to_facets(answer.body)

    async def get(self, article_id: str) -> dict[str, Any] | None:
        answer = await self._es.search(index=self._templates.alias, query={"ids": {"values": [article_id]}},
                                       size=1, source={"excludes": HIDDEN_SOURCE})
        hits = answer.body["hits"]["hits"]
        return dict(hits[0]["_source"]) if hits else None

    async def close(self) -> None:
        await self._es.close()
