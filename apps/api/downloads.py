"""CSV downloads: the article list of a search and the trends table, for researchers' own tools.

The article list streams page by page through the search cursor, so 100,000 rows never sit in
memory. Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading quote:
titles are untrusted text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from apps.api.deps import get_search
from apps.api.trends import Interval, SeriesQuery, compute_trends
from mediamon.search import SearchBackend, SearchParams

router = APIRouter(tags=["downloads"])
ARTICLE_COLUMNS = ("id", "published", "source", "lang", "url", "title", "entities", "framings", "topics")
PAGE_SIZE = 500
MAX_ROWS = 1_000_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if isinstance(value, list):
        value = ";".join(str(item.get("id", item)) if isinstance(item, dict) else str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_line(cells: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def article_rows(search: SearchBackend, params: SearchParams, limit: int) -> AsyncIterator[str]:
    yield csv_line(ARTICLE_COLUMNS)
    page = params.model_copy(update={"size": PAGE_SIZE, "after": None})
    sent = 0
    while sent < limit:
        result = await search.search(page)
        for hit in result.hits[:limit - sent]:
            yield csv_line(hit.get(column) for column in ARTICLE_COLUMNS)
        sent += len(result.hits)
        if result.next_cursor is None:
            return
        page = page.model_copy(update={"after": result.next_cursor})


@router.get("/search.csv", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per article"}})
async def search_csv(params: Annotated[SearchParams, Query()], search: Annotated[SearchBackend, Depends(get_search)],
                     limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = 100_000) -> StreamingResponse:
    """Every matching article (up to `limit`) as CSV, in the search's order; it streams as it is read."""
    await search.search(params.model_copy(update={"size": 1}))  # a bad query answers 400 before streaming starts
    return StreamingResponse(article_rows(search, params, limit), media_type="text/csv; charset=utf-8",
                             headers=_attachment("mediamon-articles.csv"))


@router.get("/trends.csv", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per bucket"}})
async def trends_csv(params: Annotated[SearchParams, Query()], search: Annotated[SearchBackend, Depends(get_search)],
                     series: SeriesQuery = [], interval: Interval | None = None) -> StreamingResponse:
    """The trends table: a count column and a share column per compared query."""
    result = await compute_trends(search, params, series, interval)
    header = ["bucket_start", "all_articles"]
    for item in result.series:
        header += [item.query, f"{item.query} (share)"]
    lines = [csv_line(header)]
    for row, bucket in enumerate(result.buckets):
        cells: list[Any] = [bucket, result.all[row]]
        for item in result.series:
            cells += [item.counts[row], item.share[row]]
        lines.append(csv_line(cells))
    return StreamingResponse(iter(lines), media_type="text/csv; charset=utf-8", headers=_attachment("mediamon-trends.csv"))
