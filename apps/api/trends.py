"""GET /trends: matches per hour or day for one or more queries, as counts and as a share of all
articles in each bucket (attention normalised by volume: a quiet weekend is not a drop), with the
buckets where the alert spike detector's rule fires."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from apps.api.deps import get_search
from mediamon.search import SearchBackend, SearchParamError, SearchParams
from mediamon.search.params import parse_when
from mediamon.search.response import bucket_key
from processors.subscriptions.spike import first_of_spike, is_spike

router = APIRouter(tags=["trends"])
Interval = Literal["hour", "day"]
SECONDS = {"hour": 3600, "day": 86400}
DEFAULT_SINCE = "30d"
MAX_BUCKETS = 2000
MAX_SERIES = 8
# A spike subscription's defaults (mediamon alerts add --mode spike): the markers show where one would fire.
SPIKE_FACTOR, SPIKE_MIN_COUNT = 3.0, 10


class Series(BaseModel):
    query: str
    counts: list[int]
    share: list[float] = Field(description="count / all articles in the bucket (0 when the bucket is empty)")
    spikes: list[str] = Field(description="Bucket starts where the spike detector's rule fires")


class TrendsResult(BaseModel):
    interval: Interval
    buckets: list[str] = Field(description="UTC bucket starts, oldest first, one per hour or day of the range")
    all: list[int] = Field(description="All articles per bucket, whatever the query and filters")
    series: list[Series]


def choose_interval(start: datetime, end: datetime, interval: Interval | None) -> Interval:
    """Hours up to three days, days beyond: both stay readable on one chart."""
    if interval:
        return interval
    return "hour" if end - start <= timedelta(days=3) else "day"


def bucket_starts(start: datetime, end: datetime, interval: Interval) -> list[str]:
    step = SECONDS[interval]
    first = int(start.timestamp()) // step * step
    count = (int(end.timestamp()) - first) // step + 1
    if count > MAX_BUCKETS:
        raise SearchParamError(f"{count} {interval}s is too many buckets (at most {MAX_BUCKETS}): "
                               "narrow the time range or count by day")
    return [bucket_key(first + i * step) for i in range(max(count, 0))]


def spike_buckets(buckets: list[str], counts: list[int], interval: Interval) -> list[str]:
    """Where a spike subscription would fire: once per spike, as the detector does."""
    by_start = {str(int(datetime.fromisoformat(b.replace("Z", "+00:00")).timestamp())): c
                for b, c in zip(buckets, counts)}
    step = SECONDS[interval]
    fired: list[str] = []
    last: int | None = None
    for bucket, start in zip(buckets, map(int, by_start)):
        if is_spike(by_start, start, step, SPIKE_FACTOR, SPIKE_MIN_COUNT):
            if first_of_spike(last, start, step):
                fired.append(bucket)
            last = start
    return fired


async def compute_trends(search: SearchBackend, params: SearchParams, queries: list[str],
                         interval: Interval | None) -> TrendsResult:
    """Every compared query shares the filters and time range of `params`; `all` keeps only the range."""
    now = datetime.now(timezone.utc)
    params = params.model_copy(update={"since": params.since or DEFAULT_SINCE})
    start = parse_when(params.since, now)
    end = parse_when(params.until, now) if params.until else now
    chosen = choose_interval(start, end, interval)
    buckets = bucket_starts(start, end, chosen)
    everything = SearchParams(since=params.since, until=params.until)
    queries = (queries or [params.q])[:MAX_SERIES]
    answers = await asyncio.gather(search.histogram(everything, chosen),
                                   *(search.histogram(params.model_copy(update={"q": q}), chosen) for q in queries))
    totals = [answers[0].get(bucket, 0) for bucket in buckets]
    series = []
    for query, answer in zip(queries, answers[1:]):
        counts = [answer.get(bucket, 0) for bucket in buckets]
        series.append(Series(query=query, counts=counts,
                             share=[round(c / t, 6) if t else 0.0 for c, t in zip(counts, totals)],
                             spikes=spike_buckets(buckets, counts, chosen)))
    return TrendsResult(interval=chosen, buckets=buckets, all=totals, series=series)


SeriesQuery = Annotated[list[str], Query(description="Queries to compare (one series each); default: q")]


@router.get("/trends", response_model=TrendsResult)
async def trends(params: Annotated[SearchParams, Query()], search: Annotated[SearchBackend, Depends(get_search)],
                 series: SeriesQuery = [], interval: Interval | None = None) -> TrendsResult:
    """Mentions over time: per hour up to 3 days, per day beyond (or as `interval` says); the
    time range defaults to the last 30 days."""
    return await compute_trends(search, params, series, interval)
