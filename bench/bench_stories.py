"""Story clustering cost next to enrichment, and its memory over a window of articles.

Run: `.venv/bin/python -m bench.bench_stories [--articles 100000] [--ratio-articles 3000]`.
CPU: fingerprint + window lookup per article against the whole enrichment, as a ratio in one run
(the same generated corpus as bench_annotate). Memory: RSS after clustering `--articles` articles
arriving at 500/s, all inside the 7-day window (the worst case the window allows for that count),
against RSS once the input corpus is generated (the corpus itself, ~95 MB, is not the window's).
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import datetime, timedelta, timezone

from bench.bench_annotate import generate_corpus
from bench.machine import machine_line
from processors.enrich.pipeline import enrich, warm_up
from processors.stories.cluster import StoryClusterer


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--ratio-articles", type=int, default=3_000)
    args = parser.parse_args()
    print(machine_line())
    warm_up()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    sample = generate_corpus(args.ratio_articles, seed=11)
    clusterer = StoryClusterer()
    cpu = time.process_time()
    for n, (title, text, _lang) in enumerate(sample):
        clusterer.add(f"r{n}", start + timedelta(seconds=n / 500), title, text)
    clustering = time.process_time() - cpu
    cpu = time.process_time()
    for title, text, lang in sample:
        enrich(title, text, lang)
    enriching = time.process_time() - cpu
    print(f"clustering {len(sample) / clustering:,.0f} articles/s, enrichment {len(sample) / enriching:,.0f} "
          f"articles/s: clustering adds {clustering / enriching:.1%} CPU to enrichment")
    corpus = generate_corpus(min(args.articles, 20_000), seed=5)
    before = rss_mb()
    clusterer = StoryClusterer()
    cpu = time.process_time()
    for n in range(args.articles):
        title, text, _lang = corpus[n % len(corpus)]
        clusterer.add(f"a{n}", start + timedelta(seconds=n / 500), title, f"{n} {text}")
    elapsed = time.process_time() - cpu
    print(f"{args.articles:,} articles clustered in {elapsed:.1f} s cpu ({args.articles / elapsed:,.0f}/s); "
          f"window holds {len(clusterer):,}; RSS {before:.0f} MB before (corpus generated), {rss_mb():.0f} MB after")


if __name__ == "__main__":
    main()
