"""GET /live: newly indexed articles that match, pushed as server-sent events (the console's live view).

Each second the stream asks the search backend for the matches fetched since a watermark, newest
arrivals first (`sort=fetched`: the newest by publication date are not the newest to arrive); the watermark
trails the newest `fetched` seen by LATE_SECONDS, because articles reach the index seconds after
they were fetched and not in fetch order. Ids already sent are remembered for that window, so
none is sent twice. Without an entity filter the stream carries articles that mention
any tracked entity. A burst beyond MAX_PAGES pages a second (an import, a replay) is not listed in
full: the stream says how many it left out (`event: skipped`) and goes on from the newest.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from apps.api.deps import get_search
from mediamon.search import SearchBackend, SearchParams
from processors.subscriptions.validation import known_entities

router = APIRouter(tags=["live"])
POLL_SECONDS = 1.0
LATE_SECONDS = 60
# A burst (an import, a replay) beyond this many matches per second is more than a reader can follow.
MAX_PAGES = 5
HEARTBEAT_SECONDS = 15.0
BATCH = 100


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetched_since(query: str, moment: datetime) -> str:
    return f"({query}) AND fetched:[{_stamp(moment)} TO *]"


def _fetched(hit: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(hit["fetched"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None


class LiveCursor:
    """What the stream has sent: the newest fetch time and the ids sent within LATE_SECONDS of it."""

    def __init__(self, start: datetime) -> None:
        self.newest = start
        self.sent: dict[str, datetime] = {}
        # After a burst: nothing fetched before this is listed late (it was counted as skipped).
        self.floor = start - timedelta(seconds=LATE_SECONDS)

    @property
    def watermark(self) -> datetime:
        """The oldest fetch time the next poll asks for."""
        return max(self.newest - timedelta(seconds=LATE_SECONDS), self.floor)

    def skip_burst(self, total: int, since: datetime) -> int:
        """About how many of the `total` matches fetched since `since` were not sent; the stream
        then goes on from the newest sent, so the ones left out are counted once, never sent later."""
        sent = sum(at >= since for at in self.sent.values())
        self.floor = self.newest
        return max(0, total - sent)

    def fresh(self, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Hits not sent before, remembered from now on; ids older than the watermark are forgotten."""
        new = [hit for hit in hits if hit.get("id") not in self.sent]
        for hit in new:
            fetched = _fetched(hit) or self.newest
            self.sent[hit["id"]] = fetched
            self.newest = max(self.newest, fetched)
        self.sent = {key: at for key, at in self.sent.items() if at >= self.watermark}
        return new


def sse_event(hit: dict[str, Any]) -> str:
    return f"event: article\nid: {hit['id']}\ndata: {json.dumps(hit, ensure_ascii=False, default=str)}\n\n"


def sse_skipped(count: int) -> str:
    return f"event: skipped\ndata: {json.dumps({'count': count})}\n\n"


async def live_events(request: Request, search: SearchBackend, params: SearchParams,
                      start: datetime, initial: list[dict[str, Any]]) -> AsyncIterator[str]:
    cursor = LiveCursor(start)
    quiet = 0.0
    yield ": mediamon live\n\n"
    for hit in reversed(cursor.fresh(initial)):
        yield sse_event(hit)
    while not await request.is_disconnected():
        since = cursor.watermark
        page = params.model_copy(update={"q": fetched_since(params.q, since), "size": BATCH,
                                         "sort": "fetched", "after": None})
        new: list[dict[str, Any]] = []
        skipped = 0
        for _ in range(MAX_PAGES):
            result = await search.search(page)
            fresh = cursor.fresh(result.hits)
            new += fresh
            if result.next_cursor is None or not fresh:
                break
            page = page.model_copy(update={"after": result.next_cursor})
        else:
            skipped = cursor.skip_burst(result.total, since)
        if skipped:
            yield sse_skipped(skipped)
        for hit in reversed(new):  # oldest first: the console puts each on top
            yield sse_event(hit)
        quiet = 0.0 if new else quiet + POLL_SECONDS
        if quiet >= HEARTBEAT_SECONDS:  # keeps proxies from closing an idle stream
            quiet = 0.0
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_SECONDS)


@router.get("/live", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "`event: article` with the hit as JSON, oldest first; "
                                            "`event: skipped` with `{count}` for a burst too large to list"}})
async def live(request: Request, params: Annotated[SearchParams, Query()],
               search: Annotated[SearchBackend, Depends(get_search)],
               since: Annotated[datetime | None, Query(description="Only articles fetched after this time "
                                                                     "(default: now)")] = None,
               initial: Annotated[int, Query(ge=0, le=BATCH, description="First send the newest this many "
                                                                           "matches (the first paint)")] = 0,
               ) -> StreamingResponse:
    """Matching articles as they are indexed; without `entity`, those that mention any tracked entity."""
    if not params.entity:
        params = params.model_copy(update={"entity": sorted(known_entities() or ())})
    # The first page comes before the stream starts, so a bad query answers 400, not a broken stream.
    first = await search.search(params.model_copy(update={"size": max(initial, 1), "sort": "date", "after": None}))
    start = (since if since.tzinfo else since.replace(tzinfo=timezone.utc)) if since else datetime.now(timezone.utc)
    return StreamingResponse(live_events(request, search, params, start, first.hits[:initial]),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
