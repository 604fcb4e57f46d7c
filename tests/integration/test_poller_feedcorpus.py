"""Every feed of ../shared/feedcorpus served over a real local HTTP server to the poller's
fetch + parse path: no crash, no hang, a clean per-feed error or valid article records, and
agreement with the corpus' expectations on titles, links, ids, dates and encodings.

Where our verdict differs from the corpus file's `Expect:`, the difference must be explained by
one of two causes, each checked by running feedparser itself, not by a list of file names:
- the installed feedparser release disagrees with the newer upstream tests (same verdict when
  feedparser is fed the file the way upstream's harness feeds it);
- the feed URL as base: served over HTTP, relative references (even Atom ids) resolve against
  the feed's URL, as they do in upstream's own HTTP-mode tests.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from ingest.entries import to_article
from ingest.feeds import FeedSpec
from ingest.fetch import Fetcher, FetchResult
from ingest.parse import parse_feed, run_feedparser
from ingest.safety import AddressPolicy
from ingest.text import html_to_text
from mediamon.records import decode_raw_article
from mediamon.settings import Settings
from tests.integration.feed_server import FeedServer, Reply
from tests.integration.feedcorpus import Case, evaluate, load_cases, upstream_verdict

pytestmark = pytest.mark.timeout(120)

_ENTRY_FIELDS = re.compile(r"entries\[\d+\]\[['\"](title|link|id|published_parsed|updated_parsed|created_parsed)['\"]")
_FEED = FeedSpec(name="corpus", url="http://127.0.0.1/corpus")


class PlainText(str):
    """Our titles are plain text: equal to the expected title, or to the text of an HTML one."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and (str.__eq__(self, other) or str.__eq__(self, html_to_text(other)))

    __hash__ = str.__hash__


def serve_and_fetch(server: FeedServer, paths: dict[str, Reply]) -> dict[str, FetchResult]:
    for path, reply in paths.items():
        server.routes[path] = lambda _headers, reply=reply: reply
    settings = Settings(poll_concurrency=32, poll_per_host_limit=32, poll_per_host_delay=0)

    async def fetch_all() -> list[FetchResult]:
        async with Fetcher(settings, AddressPolicy.from_setting(["127.0.0.1/32"])) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(server.url(path)) for path in paths))
    return dict(zip(paths, asyncio.run(asyncio.wait_for(fetch_all(), timeout=90))))


def records_of(result: FetchResult) -> list:
    """What the poller would publish; every record must survive the consumer's validation."""
    parsed = parse_feed(result.body, result.headers, result.final_url)
    assert parsed.error is None or isinstance(parsed.error, str)
    fetched = datetime.now(timezone.utc)
    for entry in parsed.entries:
        article = to_article(entry, _FEED, _FEED.url, fetched)
        assert decode_raw_article(article.dumps()).id == article.id
    return parsed.entries


def records_view(entries: list, raw: dict) -> list[dict]:
    """feedparser's entries with title/link/id/date replaced by what our records carry."""
    view = []
    for ours, theirs in zip(entries, raw["entries"]):
        entry = {**theirs, "title": PlainText(ours.title), "link": ours.url, "id": ours.guid}
        date_key = next((k for k in ("published_parsed", "updated_parsed", "created_parsed") if theirs.get(k)), None)
        if date_key:
            entry[date_key] = ours.published.utctimetuple() if ours.published else None
        view.append(entry)
    return view


def caching_names(result: FetchResult) -> dict:
    """The caching headers the poller stores, under the names feedparser's HTTP tests use."""
    names: dict = {}
    if result.headers.get("etag"):
        names["etag"] = result.headers["etag"]
    if result.headers.get("last-modified", "").strip():
        names["modified"] = result.headers["last-modified"]
        names["modified_parsed"] = feedparser.datetimes._parse_date(names["modified"])
    return names


def skipped(case: Case) -> bool:
    if not case.skip_unless:
        return False
    try:
        eval(case.skip_unless)  # noqa: S307 - upstream's own skip conditions
    except Exception:  # noqa: BLE001
        return True
    return False


def test_feedparser_corpus_over_http(shared_dir: Path) -> None:
    cases = [c for c in load_cases(shared_dir / "feedcorpus" / "feedparser") if not skipped(c)]
    assert len(cases) > 2000
    server = FeedServer()
    try:
        origin = f"http://127.0.0.1:{server.port}"
        results = serve_and_fetch(server, {"/" + c.path: Reply(200, c.body, c.headers) for c in cases})
        tally = {"agree": 0, "library": 0, "base": 0, "records checked": 0}
        unexplained: list[str] = []
        for case in cases:
            result = results["/" + case.path]
            assert result.ok, f"{case.path}: {result.error or result.status}"
            entries = records_of(result)
            raw = run_feedparser(result.body, result.headers, result.final_url)
            expect = case.expect_at(origin)
            if not evaluate(expect, raw, **caching_names(result)):
                cause = _explain(case, server.url("/" + case.path), origin)
                if cause is None:
                    unexplained.append(f"{case.path}: {case.expect}")
                    continue
                tally[cause] += 1
                continue
            tally["agree"] += 1
            if _ENTRY_FIELDS.search(expect) and len(entries) == len(raw["entries"]):
                tally["records checked"] += 1
                if not evaluate(expect, raw, entries=records_view(entries, raw)):
                    unexplained.append(f"{case.path}: our records disagree with {case.expect}")
        print(f"feedparser corpus: {len(cases)} cases, {tally}")
        assert not unexplained, "\n".join(unexplained)
        assert tally["agree"] > 0.99 * len(cases) and tally["records checked"] > 100
    finally:
        server.stop()


def _explain(case: Case, url: str, origin: str) -> str | None:
    if not upstream_verdict(case, url, origin):
        return "library"
    with_base = feedparser.parse(case.body, response_headers={"content-location": url, "content-type": "application/xml"})
    return "base" if not evaluate(case.expect_at(origin), with_base) else None


def _other_corpora(shared_dir: Path) -> dict[str, Path]:
    roots = [shared_dir / "feedcorpus" / name for name in ("feed-rs", "miniflux", "mediacloud-rss-fetcher")]
    return {"/" + p.relative_to(shared_dir).as_posix(): p for root in roots for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".xml", ".rss", ".json", ".html") and not p.name.endswith(".serde.json")}


def test_other_corpora_give_records_or_clean_errors_and_agree_with_feed_rs(shared_dir: Path) -> None:
    files = _other_corpora(shared_dir)
    server = FeedServer()
    try:
        results = serve_and_fetch(server, {path: Reply(200, file.read_bytes()) for path, file in files.items()})
    finally:
        server.stop()
    compared = 0
    for path, file in files.items():
        entries = records_of(results[path])
        golden = file.with_suffix(".serde.json")
        if golden.exists():
            expected = json.loads(golden.read_text(encoding="utf-8"))["entries"]
            assert len(entries) == len(expected), path
            for ours, theirs in zip(entries, expected):
                if theirs.get("title"):
                    assert ours.title == PlainText(theirs["title"]["content"].strip()), path
                    compared += 1
                when = theirs.get("published") or theirs.get("updated")
                if when and ours.published:
                    expected_date = datetime.fromisoformat(when.replace("Z", "+00:00")).replace(microsecond=0)
                    assert ours.published == expected_date, path  # feedparser keeps whole seconds
                    compared += 1
    assert compared > 90
    by_name = {Path(p).name + Path(p).parent.name: parse_feed(r.body, r.headers, r.final_url) for p, r in results.items()}
    assert by_name["koi8r.xmltestdata"].entries[0].title == "Первая новость"
    assert by_name["encoding_WINDOWS-1251.xmltestdata"].title == "iBash.Org.Ru"
