"""Annotate throughput on one core: each enrichment step, the three together, the whole `annotate`.

"enrichment" is language + topics + mentions (issue 13's speed target); "whole annotate" adds the
cited sources (issue 15).

Run: `.venv/bin/python -m bench.bench_annotate [--articles 10000]`. The corpus is generated from
`corpus_sentences.yaml`: articles of 1,500-4,000 characters (typical news length) in 14 languages,
about a third carrying a CSTO/SMO term or a hard negative. Prints the machine it ran on, because
figures from a shared 2-core VM and a workstation are not comparable.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.machine import machine_line
from processors.enrich.pipeline import enrich
from processors.iptc import classify_topics
from processors.iptc.classify import default_classifier
from processors.language import detect_language
from processors.mentions import build_matcher, default_matcher, detect_mentions
from processors.mentions.normalize import tables

SENTENCES = Path(__file__).with_name("corpus_sentences.yaml")
Article = tuple[str, str, str]  # title, text, lang


def generate_corpus(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of realistic length, languages mixed, deterministic for a given seed."""
    pools = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    langs = list(pools)
    corpus = []
    for _ in range(count):
        lang = rng.choice(langs)
        plain, special = pools[lang]["plain"], pools[lang].get("mentions", [])
        target = rng.randint(1500, 4000)
        sentences: list[str] = []
        while sum(len(s) + 1 for s in sentences) < target:
            sentences.append(rng.choice(plain))
        if special and rng.random() < 0.35:
            sentences.insert(rng.randrange(len(sentences)), rng.choice(special))
        corpus.append((rng.choice(plain)[:90], " ".join(sentences), lang))
    return corpus


def language_topics_mentions(title: str, text: str, lang: str) -> None:
    """What issue 13's speed target names "enrichment": `enrich` without the cited sources (issue 15)."""
    guess = detect_language(title, text, lang)
    classify_topics(title, text, guess.lang)
    detect_mentions(title, text, guess.lang)


def timed(name: str, corpus: list[Article], run: Callable[[str, str, str], object]) -> None:
    """Articles/s and MB/s (UTF-8 of title + text) of `run` over the corpus, one process, one core.

    Rates use CPU time of this process: the machine is shared, and wall time would measure the
    neighbours' load; wall time is printed too."""
    size = sum(len(t.encode()) + len(x.encode()) for t, x, _ in corpus)
    wall, cpu = time.perf_counter(), time.process_time()
    for title, text, lang in corpus:
        run(title, text, lang)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{name:<16} {len(corpus) / cpu:>7,.0f} articles/s {size / cpu / 1e6:>6.2f} MB/s per core"
          f"  ({len(corpus)} articles, {size / 1e6:.1f} MB, cpu {cpu:.2f} s, wall {wall:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    print(machine_line())
    start = time.process_time()
    tables()
    tables_s = time.process_time() - start
    start = time.process_time()
    matcher = build_matcher()
    build_s = time.process_time() - start
    print(f"build (cpu): normalisation tables {tables_s * 1000:.0f} ms; gazetteer YAML loaded and "
          f"automata ({matcher.size} keys) compiled {build_s * 1000:.0f} ms")
    default_matcher()
    # As a worker does at start (warm_up): the topic matchers are built before the timed runs.
    start = time.process_time()
    default_classifier().warm()
    print(f"build (cpu): topic rules loaded and one matcher per language built {(time.process_time() - start) * 1000:.0f} ms")
    corpus = generate_corpus(args.articles)
    found = sum(len(detect_mentions(t, x, lang)) for t, x, lang in corpus)
    print(f"corpus: {len(corpus)} articles, {found} mentions found")
    timed("mentions alone", corpus, detect_mentions)
    timed("language", corpus, lambda t, x, lang: detect_language(t, x, lang))
    timed("topics", corpus, classify_topics)
    timed("enrichment", corpus, language_topics_mentions)
    timed("whole annotate", corpus, lambda t, x, lang: enrich(t, x, lang))


if __name__ == "__main__":
    main()
