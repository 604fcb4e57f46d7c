"""The console's API pieces that need no server: trend buckets, spikes, CSV cells, the live cursor,
and the pages themselves (public shells with a strict CSP and no data)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from apps.api.app import create_api
from apps.api.downloads import csv_line
from apps.api.live import BATCH, LATE_SECONDS, MAX_PAGES, LiveCursor, fetched_since, live_events
from apps.api.trends import bucket_starts, choose_interval, spike_buckets
from apps.console.routes import HERE, PAGES
from mediamon.search import SearchParamError, SearchParams
from mediamon.search.response import SearchResult
from mediamon.settings import Settings

T0 = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)


def test_ranges_up_to_three_days_count_by_hour_longer_ones_by_day() -> None:
    assert choose_interval(T0, T0 + timedelta(days=3), None) == "hour"
    assert choose_interval(T0, T0 + timedelta(days=3, minutes=1), None) == "day"
    assert choose_interval(T0, T0 + timedelta(days=30), "hour") == "hour"


def test_buckets_cover_the_range_from_the_start_of_its_first_hour_or_day() -> None:
    assert bucket_starts(T0, T0 + timedelta(hours=2), "hour") == [
        "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z"]
    assert bucket_starts(T0, T0 + timedelta(days=1), "day") == ["2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"]
    with pytest.raises(SearchParamError, match="too many buckets"):
        bucket_starts(T0 - timedelta(days=365), T0, "hour")


def test_a_spike_is_marked_where_the_alert_detector_would_fire() -> None:
    buckets = bucket_starts(T0, T0 + timedelta(hours=5), "hour")
    assert spike_buckets(buckets, [2, 3, 2, 40, 41, 3], "hour") == ["2026-12-01T13:00:00Z"]
    assert spike_buckets(buckets, [2, 3, 2, 9, 3, 3], "hour") == []  # under the minimum count


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted(title: str) -> None:
    row = next(csv.reader(io.StringIO(csv_line(["id1", title, ["CSTO", "SMO"]]))))
    assert row == ["id1", "'" + title, "CSTO;SMO"]


def _hit(article_id: str, fetched: datetime) -> dict:
    return {"id": article_id, "fetched": fetched.isoformat()}


def test_the_live_stream_sends_each_article_once_and_waits_for_late_ones() -> None:
    cursor = LiveCursor(T0)
    assert [h["id"] for h in cursor.fresh([_hit("a", T0), _hit("b", T0 + timedelta(seconds=5))])] == ["a", "b"]
    assert cursor.fresh([_hit("a", T0), _hit("b", T0 + timedelta(seconds=5))]) == []
    late = _hit("c", T0 + timedelta(seconds=2))  # fetched before b, indexed after it
    assert cursor.fresh([late]) == [late]
    assert cursor.watermark == T0 + timedelta(seconds=5) - timedelta(seconds=LATE_SECONDS)
    assert fetched_since("ОДКБ", T0) == "(ОДКБ) AND fetched:[2026-12-01T10:30:00Z TO *]"


class BurstIndex:
    """Articles fetched in one burst, answered as the backends do for the live query: fetched on or
    after the query's bound, newest first, BATCH per page."""

    def __init__(self, hits: list[dict]) -> None:
        self.hits = sorted(hits, key=lambda hit: hit["fetched"], reverse=True)

    async def search(self, params: SearchParams, facets: bool = False) -> SearchResult:
        bound = re.search(r"fetched:\[(\S+) TO", params.q).group(1).replace("Z", "+00:00")
        matching = [hit for hit in self.hits if hit["fetched"] >= bound]
        offset = int(params.after or 0)
        more = offset + BATCH < len(matching)
        return SearchResult(total=len(matching), hits=matching[offset:offset + BATCH],
                            next_cursor=str(offset + BATCH) if more else None)


class OpenFor:
    """A request whose client stays for `polls` polls."""

    def __init__(self, polls: int) -> None:
        self.polls = polls

    async def is_disconnected(self) -> bool:
        self.polls -= 1
        return self.polls < 0


def test_a_burst_larger_than_the_stream_lists_is_counted_once_not_dropped_silently() -> None:
    burst = [_hit(f"a{n:04}", T0 + timedelta(milliseconds=n)) for n in range(800)]
    stream = live_events(OpenFor(2), BurstIndex(burst), SearchParams(q="*"), T0, [])

    async def collect() -> list[str]:
        return [event async for event in stream]

    events = asyncio.run(collect())
    articles = [event for event in events if event.startswith("event: article")]
    skipped = [event for event in events if event.startswith("event: skipped")]
    assert len(articles) == MAX_PAGES * BATCH and "a0799" in articles[-1], "the newest are listed, newest last"
    assert skipped == ['event: skipped\ndata: {"count": 300}\n\n'], "the rest is counted, once"


def test_every_ui_language_has_every_string() -> None:
    strings = yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))
    assert {"en", "ru"} <= set(strings)
    for lang, texts in strings.items():
        assert set(texts) == set(strings["en"]), lang


def test_every_string_key_a_page_uses_exists() -> None:
    keys = set(yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))["en"])
    pattern = re.compile(r'data-i18n(?:-placeholder)?="(\w+)"|MM\.t\("(\w+)"\)')
    used = {key for path in [*(HERE / "templates").glob("*.html"), *(HERE / "static").glob("*.js")]
            for pair in pattern.findall(path.read_text(encoding="utf-8")) for key in pair if key}
    assert len(used) > 50 and used <= keys, used - keys


@pytest.mark.parametrize("path", ["/console/", *(f"/console/{page}" for page in PAGES), "/console/article/x1"])
def test_console_pages_are_data_free_shells_under_a_strict_csp(tmp_path: Path, path: str) -> None:
    client = TestClient(create_api(Settings(data_dir=tmp_path, api_allowed_hosts=["testserver"],
                                            kafka_bootstrap="127.0.0.1:1")))
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "<script>" not in page.text and "http" not in page.text.replace("http-equiv", "")
    assert "x1" not in page.text  # the article id is read by the script, never echoed into HTML
