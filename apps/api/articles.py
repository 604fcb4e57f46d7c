"""GET /articles/{id}: one indexed article as enriched, with every mention's evidence (the console's
article view: why the article was flagged)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from apps.api.deps import get_search
from mediamon.search import SearchBackend

router = APIRouter(tags=["articles"])


@router.get("/articles/{article_id}")
async def article(article_id: str, search: Annotated[SearchBackend, Depends(get_search)]) -> dict[str, Any]:
    """The enriched record: title, text, language and confidence, topics with their evidence,
    mentions with span, rule, cues, confidence and framing, cited sources."""
    found = await search.get(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r} in the index")
    return found
