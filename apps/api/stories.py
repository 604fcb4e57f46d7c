"""GET /stories: the largest or fastest-spreading stories for a query and period (issue 15)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from apps.api.deps import get_search
from mediamon.search import SearchBackend
from mediamon.search.stories import StoriesParams, StoriesResult, list_stories

router = APIRouter(tags=["stories"])


@router.get("/stories", response_model=StoriesResult)
async def stories(params: Annotated[StoriesParams, Query()],
                  service: Annotated[SearchBackend, Depends(get_search)]) -> StoriesResult:
    """Stories the matching articles belong to, across languages: each with its origin (first
    article), size, languages, outlets, how far it spread in 24 h, the lags of its reprints and
    which of them credit the origin's outlet, and its timeline of articles. `sort=size` (default)
    puts the largest first, `sort=speed` the most reprinted within 24 h of the origin."""
    return await list_stories(service, params)
