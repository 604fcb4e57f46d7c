"""Dependencies routers share: the settings and the search service (on the app's ES client)."""

from __future__ import annotations

from fastapi import Request

from mediamon.search import SearchService
from mediamon.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_search(request: Request) -> SearchService:
    return SearchService(request.app.state.es, request.app.state.templates)
