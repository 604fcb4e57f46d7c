"""Dependencies routers share: the settings, the Elasticsearch client, the search service."""

from __future__ import annotations

from fastapi import Request
from elasticsearch import AsyncElasticsearch

from mediamon.search import SearchService
from mediamon.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_es(request: Request) -> AsyncElasticsearch:
    return request.app.state.es


def get_search(request: Request) -> SearchService:
    return SearchService(request.app.state.es, request.app.state.templates)
