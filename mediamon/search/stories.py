"""The largest and fastest-spreading stories for a query and period, on either search engine.

Two searches through the one backend interface, so the embedded engine and Elasticsearch answer
alike: (1) the newest matching articles (up to `scan`) say which stories the query touches and how
many of their articles match; (2) every article of the best candidates (`story:(…)`, whatever the
query) gives each story's size, languages, outlets and lags as they are now. Size and languages are
computed here, at query time, rather than rewritten into every member document on each reprint
(docs/decisions.md, "Story size at query time").
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from mediamon.search.backend import SearchBackend
from mediamon.search.params import SearchParams

PAGE = 500  # the backend's largest page
MAX_MEMBERS = 5_000  # articles read per listing for the candidates' members, at most
SPREAD_WINDOW = timedelta(hours=24)


class StoriesParams(SearchParams):
    """The search filters choose which stories; the stories themselves include every article."""

    sort: Literal["size", "speed"] = Field(  # type: ignore[assignment]
        "size", description="size: most articles first; speed: most reprints within 24 h of the origin first")
    size: int = Field(10, ge=1, le=100, description="How many stories")
    scan: int = Field(2_000, ge=1, le=20_000, description="Newest matching articles looked at to find stories")
    articles: int = Field(50, ge=0, le=500, description="Articles listed per story (its timeline), oldest first")


class StoryArticle(BaseModel):
    id: str
    title: str
    url: str
    source: str
    country: str | None
    lang: str
    published: datetime
    lag_seconds: float = Field(description="Seconds after the origin was published (0 for the origin)")
    credits_origin: bool = Field(description="Cites the origin's outlet")
    cited: list[str] = Field(description="Outlet ids this article credits")


class Story(BaseModel):
    story_id: str
    size: int = Field(description="Articles in the story now (all of them, matching the query or not)")
    matching: int = Field(description="Of them, articles matching the query and filters")
    languages: list[str] = Field(description="Languages, most articles first")
    outlets: list[str] = Field(description="Sources (feed/site names), most articles first")
    countries: list[str]
    origin: StoryArticle
    origin_outlet: str | None = Field(description="outlets.yaml id of the origin's site, when listed")
    first_published: datetime
    last_published: datetime
    reprints_24h: int = Field(description="Articles published within 24 h after the origin")
    median_lag_seconds: float | None = Field(description="Median lag of the reprints (null: no reprint yet)")
    crediting_origin: int = Field(description="Reprints that cite the origin's outlet")
    articles: list[StoryArticle] = Field(description="The timeline, oldest first (at most `articles`)")


class StoriesResult(BaseModel):
    stories: list[Story]
    scanned: int = Field(description="Matching articles looked at")
    matching_total: int = Field(description="Articles matching the query and filters")
    complete: bool = Field(description="False when more articles matched than `scan`: older stories may be missing")


async def _all_hits(backend: SearchBackend, params: SearchParams, limit: int) -> tuple[list[dict[str, Any]], int]:
    hits: list[dict[str, Any]] = []
    total = 0
    while len(hits) < limit:
        page = await backend.search(params.model_copy(update={"size": min(PAGE, limit - len(hits))}))
        total = page.total
        hits += page.hits
        if page.next_cursor is None:
            break
        params = params.model_copy(update={"after": page.next_cursor})
    return hits, total


def _published(hit: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(hit["published"]))


def _article(hit: dict[str, Any], origin_published: datetime) -> StoryArticle:
    return StoryArticle(id=hit["id"], title=hit.get("title") or "", url=hit.get("url") or "",
                        source=hit.get("source") or "", country=hit.get("country"), lang=hit.get("lang") or "und",
                        published=_published(hit),
                        lag_seconds=max(0.0, (_published(hit) - origin_published).total_seconds()),
                        credits_origin=bool(hit.get("story_credits_origin")), cited=list(hit.get("cited") or []))


def _ranked(values: list[Any]) -> list[str]:
    return [str(value) for value, _ in Counter(v for v in values if v).most_common()]


def build_story(story_id: str, members: list[dict[str, Any]], matching: int, articles: int) -> Story:
    members = sorted(members, key=lambda hit: (_published(hit), hit["id"]))
    origin_hit = members[0]  # the earliest published, as the stream names it (processors/stories/cluster.py)
    origin_published = _published(origin_hit)
    timeline = [_article(hit, origin_published) for hit in members]
    reprints = [article for article in timeline if article.id != origin_hit["id"]]
    return Story(
        story_id=story_id, size=len(members), matching=matching,
        languages=_ranked([hit.get("lang") for hit in members]),
        outlets=_ranked([hit.get("source") for hit in members]),
        countries=_ranked([hit.get("country") for hit in members]),
        origin=_article(origin_hit, origin_published), origin_outlet=origin_hit.get("story_origin_outlet"),
        first_published=timeline[0].published, last_published=timeline[-1].published,
        reprints_24h=sum(1 for a in reprints if timedelta(seconds=a.lag_seconds) <= SPREAD_WINDOW),
        median_lag_seconds=statistics.median(a.lag_seconds for a in reprints) if reprints else None,
        crediting_origin=sum(1 for a in reprints if a.credits_origin),
        articles=timeline[:articles])


async def list_stories(backend: SearchBackend, params: StoriesParams) -> StoriesResult:
    search = SearchParams(**params.model_dump(exclude={"sort", "size", "scan", "articles", "after", "snippets"}),
                          snippets=False)
    hits, total = await _all_hits(backend, search, params.scan)
    matching = Counter(hit["story_id"] for hit in hits if hit.get("story_id"))
    # Candidates: the stories with most matching articles; a few times more than asked, since the
    # final order (size of the whole story, or its speed) can differ from the matching count.
    candidates = [story_id for story_id, _ in matching.most_common(params.size * 3)]
    members: dict[str, list[dict[str, Any]]] = {story_id: [] for story_id in candidates}
    if candidates:
        query = "story:(" + " OR ".join(f'"{story_id}"' for story_id in candidates) + ")"
        for hit in (await _all_hits(backend, SearchParams(q=query, snippets=False), MAX_MEMBERS))[0]:
            members.setdefault(hit["story_id"], []).append(hit)
    stories = [build_story(story_id, found, matching[story_id], params.articles)
               for story_id, found in members.items() if found]
    if params.sort == "speed":
        stories.sort(key=lambda s: (-s.reprints_24h, -s.size, s.first_published, s.story_id))
    else:
        stories.sort(key=lambda s: (-s.size, -s.reprints_24h, s.first_published, s.story_id))
    return StoriesResult(stories=stories[:params.size], scanned=len(hits), matching_total=total,
                         complete=len(hits) >= total)
