"""The local default's embedded search engine at volume: indexing rate, query latency, memory, disk.

Run: `.venv/bin/python -m bench.bench_local_search [--sizes 100000,300000] [--queries 30]`.
Articles come from `bench_index_search.generate` (four languages, 30 % with mentions, 90 days) and
go through the indexer's own code: `to_action`, then `LocalIndex.write` in batches of
MEDIAMON_INDEX_BATCH_SIZE with a commit each, as the indexer stage does. At each size a fresh
process opens the index (as the API does) and times the queries, so its resident memory is that
of a reader holding the index, not of the generator.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

from bench.bench_index_search import generate
from bench.machine import machine_line
from mediamon.elastic import load_templates
from mediamon.search.local.engine import LocalIndex
from mediamon.search.params import SearchParams
from mediamon.settings import Settings
from processors.indexer.documents import to_action

QUERIES = {
    # A few keywords and a phrase, an entity filter, last 7 days, 20 highlighted hits, 7 facets.
    "typical monitoring query": (SearchParams(q='саммит OR summit OR учения OR "военная операция"',
                                              entity=["CSTO", "SMO"], since="7d", size=20), True),
    "single keyword + entity filter": (SearchParams(q="war", entity=["SMO"], size=20), False),
    "all articles, 30 days, facets": (SearchParams(q="*", since="30d", size=20), True),
}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _disk_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure_queries(folder: Path, queries: int) -> dict[str, object]:
    """In a fresh process: open the index, time each query kind, report resident memory."""
    index = LocalIndex(folder)
    now = datetime.now(timezone.utc)
    figures: dict[str, object] = {}
    for name, (params, facets) in QUERIES.items():
        index.search(params, now, facets=facets)  # warm-up
        timings, total = [], 0
        for _ in range(queries):
            started = time.perf_counter()
            total = index.search(params, now, facets=facets).total
            timings.append(time.perf_counter() - started)
        figures[name] = {"hits": total, "p50_ms": statistics.median(timings) * 1000,
                         "p95_ms": _percentile(timings, 95) * 1000}
    figures["rss_mb"] = psutil.Process().memory_info().rss / 1e6
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000", help="cumulative corpus sizes to measure at")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the reader subprocess: index folder
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_queries(Path(args.measure), args.queries)))
        return

    print(machine_line())
    settings = Settings()
    templates = load_templates(settings)
    folder = Path(tempfile.mkdtemp(prefix="mediamon-local-search-"))
    index = LocalIndex(folder)
    indexed, index_seconds = 0, 0.0
    for size in (int(value) for value in args.sizes.split(",")):
        while indexed < size:
            chunk = generate(min(10_000, size - indexed), start=indexed)
            started = time.perf_counter()
            for at in range(0, len(chunk), settings.index_batch_size):
                now = datetime.now(timezone.utc)
                written = index.write([to_action(a, templates, now).document
                                       for a in chunk[at:at + settings.index_batch_size]])
                assert not written.rejected, written.rejected[:3]
            index_seconds += time.perf_counter() - started
            indexed += len(chunk)
        print(f"{size:,} articles: indexed at {indexed / index_seconds:,.0f} articles/s so far "
              f"(batches of {settings.index_batch_size}, a commit each, document building included); "
              f"disk {_disk_bytes(folder) / 1e6:,.0f} MB; writer process RSS "
              f"{psutil.Process().memory_info().rss / 1e6:,.0f} MB")
        answer = subprocess.run([sys.executable, "-m", "bench.bench_local_search", "--measure", str(folder),
                                 "--queries", str(args.queries)], capture_output=True, text=True, check=True)
        figures = json.loads(answer.stdout)
        for name in QUERIES:
            f = figures[name]
            print(f"  {name}: {f['hits']:,} hits, p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms "
                  f"over {args.queries} queries")
        print(f"  reader process (as the API) RSS after the queries: {figures['rss_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
