"""GET /search and GET /facets: the same parameters as `mediamon search`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from apps.api.deps import get_search
from mediamon.search import FacetsResult, SearchBackend, SearchParams, SearchResult

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResult)
async def search(params: Annotated[SearchParams, Query()], service: Annotated[SearchBackend, Depends(get_search)],
                 facets: bool = False) -> SearchResult:
    """Articles matching the query and filters, newest first (or by relevance), with highlighted
    snippets; pass a hit's `cursor` (or `next_cursor`) as `after` for the next page."""
    return await service.search(params, facets=facets)


@router.get("/facets", response_model=FacetsResult)
async def facets(params: Annotated[SearchParams, Query()],
                 service: Annotated[SearchBackend, Depends(get_search)]) -> FacetsResult:
    """Counts by entity, language, source, topic, framing and day for the query and filters."""
    return await service.facets(params)
