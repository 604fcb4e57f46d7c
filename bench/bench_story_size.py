"""Keeping story size and languages current: aggregation at query time vs. rewriting members.

Run: `.venv/bin/python -m bench.bench_story_size [--articles 20000]` (embedded engine, temp dir).
A corpus of generated articles grouped into stories (most alone, some reprinted up to 60 times)
is indexed; then (a) `GET /stories`'s work (mediamon/search/stories.py) is timed for all articles
and for a selective query, and (b) the documents that update-by-id would rewrite (every earlier
member of a story, each time an article joins it) are counted and a sample is rewritten to time it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.bench_annotate import generate_corpus
from bench.machine import machine_line
from mediamon.search.backend import LocalSearch
from mediamon.search.stories import StoriesParams, list_stories
from mediamon.settings import Settings

BATCH = 500


def story_sizes(articles: int, rng: random.Random) -> list[int]:
    """Sizes summing to `articles`: 70 % of stories alone, the rest 2–60 articles (long tail)."""
    sizes: list[int] = []
    while sum(sizes) < articles:
        sizes.append(1 if rng.random() < 0.7 else min(60, 2 + int(rng.expovariate(1 / 6))))
    sizes[-1] -= sum(sizes) - articles
    return sizes


def documents(articles: int, now: datetime) -> list[dict[str, Any]]:
    rng = random.Random(3)
    corpus = generate_corpus(min(articles, 5_000), seed=9)
    docs, n = [], 0
    for story, size in enumerate(story_sizes(articles, rng)):
        start = now - timedelta(hours=rng.uniform(1, 24 * 7))
        for member in range(size):
            title, text, lang = corpus[n % len(corpus)]
            docs.append({"id": f"a{n}", "title": title, "text": text, "lang": lang, "source": f"s{rng.randrange(300)}",
                         "url": f"https://s.example/{n}", "published": (start + timedelta(minutes=37 * member)).isoformat(),
                         "story_id": f"a{n - member}", "story_origin_id": f"a{n - member}"})
            n += 1
    return docs


def timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args()
    print(machine_line())
    now = datetime.now(timezone.utc)
    docs = documents(args.articles, now)
    with tempfile.TemporaryDirectory() as folder:
        backend = LocalSearch(Settings(data_dir=Path(folder), search_backend="local"))
        index = backend.index
        indexing = sum(timed(lambda b=docs[i:i + BATCH]: index.write(b)) for i in range(0, len(docs), BATCH))
        print(f"{len(docs):,} articles indexed in {indexing:.1f} s ({len(docs) / indexing:,.0f}/s)")
        for label, params in (("all articles, 7 days", StoriesParams(since="7d")),
                              ("one language (kk)", StoriesParams(lang=["kk"], since="7d"))):
            runs = [timed(lambda p=params: asyncio.run(list_stories(backend, p))) for _ in range(3)]
            print(f"query time, {label}: median {statistics.median(runs) * 1000:,.0f} ms over 3 runs (scan 2,000)")
        by_story: dict[str, int] = {}
        for doc in docs:
            by_story[doc["story_id"]] = by_story.get(doc["story_id"], 0) + 1
        rewrites = sum(size * (size - 1) // 2 for size in by_story.values())
        sample = docs[:2_000]
        rewrite_time = sum(timed(lambda b=sample[i:i + BATCH]: index.write(b)) for i in range(0, len(sample), BATCH))
        rate = len(sample) / rewrite_time
        print(f"update-by-id: {rewrites:,} member rewrites for {len(docs):,} articles in {len(by_story):,} stories "
              f"({rewrites / len(docs):.1f} per article); at the measured {rate:,.0f} rewrites/s that is "
              f"{rewrites / rate:.1f} s of index writing, {rewrites / rate / indexing:.1f}x the indexing itself")


if __name__ == "__main__":
    main()
