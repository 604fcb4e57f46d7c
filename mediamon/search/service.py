"""Search over the `articles` alias: one code path for the CLI, the HTTP API and the benchmark."""

from __future__ import annotations

from datetime import datetime, timezone

from elasticsearch import AsyncElasticsearch

from mediamon.elastic.templates import ArticleTemplates
from mediamon.search.params import SearchParams
from mediamon.search.request import build_facets, build_search
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
