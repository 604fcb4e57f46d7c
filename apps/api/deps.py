"""Dependencies routers share: the settings and the search backend the app opened."""

from __future__ import annotations

from fastapi import Request

from mediamon.search import SearchBackend
from mediamon.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_search(request: Request) -> SearchBackend:
    return request.app.state.search
