"""Per-stage cost on one core, in this process: feed parsing, enrichment, indexing.

Used by `bench_pipeline`; each stage is timed in CPU seconds of this process (the machine is
shared; wall time would measure the neighbours) and profiled with cProfile, so the table says
how fast a stage is and the profile says where its time goes.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from bench.bench_annotate import generate_corpus
from ingest.entries import to_article
from ingest.feeds import FeedSpec
from ingest.parse import parse_feed
from mediamon.elastic import load_templates, sync_client
from mediamon.records import RawArticle, decode_raw_article
from mediamon.settings import Settings
from processors.enrich.pipeline import enrich_article
from processors.indexer.documents import to_action

FEED = FeedSpec(name="Bench", url="https://bench.example/feed.xml")
ENTRIES_PER_FEED = 50


def raw_articles(count: int, run_id: str) -> list[RawArticle]:
    """Realistic articles (1.5-4 KB, 14 languages, a third with CSTO/SMO terms), unique ids."""
    now = datetime.now(timezone.utc)
    return [RawArticle(id=f"{run_id}-{number}", url=f"https://bench.example/{run_id}/{number}",
                       feed_url=FEED.url, source="Bench", title=title, text=text, lang_hint=None,
                       published=now - timedelta(seconds=number % 3600), fetched=now)
            for number, (title, text, _lang) in enumerate(generate_corpus(count))]


def feed_documents(articles: list[RawArticle]) -> list[bytes]:
    """RSS documents of ENTRIES_PER_FEED items each, HTML descriptions as real feeds send them."""
    documents = []
    for start in range(0, len(articles), ENTRIES_PER_FEED):
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{a.url}</link><guid>{a.url}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{escape('<p>' + a.text.replace('. ', '.</p><p>') + '</p>')}</description></item>"
            for a in articles[start:start + ENTRIES_PER_FEED])
        documents.append(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
                         f"<link>https://bench.example/</link><description>b</description>{items}"
                         f"</channel></rss>".encode("utf-8"))
    return documents


def _profiled(work: Callable[[], int], top: int) -> tuple[int, float, str]:
    """Run `work` (returns items done) once timed, then once under cProfile (which slows it):
    items, CPU seconds of the timed run, top functions by own time from the profiled run."""
    cpu = time.process_time()
    done = work()
    cpu = time.process_time() - cpu
    return done, cpu, profile_summary(work, top)


def profile_summary(work: Callable[[], object], top: int) -> str:
    profile = cProfile.Profile()
    profile.runcall(work)
    return summarise(pstats.Stats(profile), top)


def summarise(stats: pstats.Stats, top: int) -> str:
    """The `top` functions by own time, as pstats prints them."""
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip() and line.lstrip()[:1].isdigit()]
    return "\n".join(lines[-top:])


def stage_parse(articles: list[RawArticle], top: int) -> tuple[int, float, str]:
    documents = feed_documents(articles)
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    fetched = datetime.now(timezone.utc)

    def work() -> int:
        done = 0
        for body in documents:
            for entry in parse_feed(body, headers, FEED.url).entries:
                to_article(entry, FEED, FEED.url, fetched).dumps()
                done += 1
        return done
    return _profiled(work, top)


def stage_enrich(articles: list[RawArticle], top: int) -> tuple[int, float, str]:
    """What the enrich agent does per message: decode and validate, enrich, serialise."""
    payloads = [a.dumps() for a in articles]
    for payload in payloads[:20]:  # load gazetteers and rules outside the measurement, as a worker does at start
        enrich_article(decode_raw_article(payload))

    def work() -> int:
        for payload in payloads:
            enrich_article(decode_raw_article(payload)).dumps()
        return len(payloads)
    return _profiled(work, top)


def stage_index(settings: Settings, articles: list[RawArticle], top: int, batch: int = 500) -> tuple[int, float, str]:
    """Documents built and bulk-indexed from this process: documents over wall time, because the
    server does most of the work; the profile shows the client's share."""
    templates = load_templates(settings)
    enriched = [enrich_article(a) for a in articles]
    es = sync_client(settings)
    now = datetime.now(timezone.utc)

    def work() -> int:
        for start in range(0, len(enriched), batch):
            operations: list[dict] = []
            for article in enriched[start:start + batch]:
                action = to_action(article, templates, now)
                operations += [{"index": {"_index": action.index, "_id": action.id}}, action.document]
            response = es.bulk(operations=operations)
            if response.get("errors"):
                raise RuntimeError("bulk indexing reported item errors")
        return len(enriched)
    wall = time.perf_counter()
    done = work()
    wall = time.perf_counter() - wall
    profile = profile_summary(work, top)
    es.close()
    return done, wall, f"(client side only; the server works meanwhile)\n{profile}"
