"""What cited-source extraction adds to enrichment, as a ratio measured in one run.

Run: `.venv/bin/python -m bench.bench_citations [--articles 10000]`. Same generated corpus as
bench_annotate (14 languages, news-length articles); CPU time of this process, so neighbours' load
on a shared machine moves both figures alike.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench.bench_annotate import Article, generate_corpus
from bench.machine import machine_line
from processors.enrich.pipeline import enrich, warm_up
from processors.stories import extract_citations


def cpu_seconds(corpus: list[Article], run: Callable[[str, str, str], object]) -> float:
    start = time.process_time()
    for title, text, lang in corpus:
        run(title, text, lang)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    print(machine_line())
    warm_up()
    corpus = generate_corpus(args.articles)
    citations = cpu_seconds(corpus, lambda t, x, _lang: extract_citations(t, x))
    whole = cpu_seconds(corpus, lambda t, x, lang: enrich(t, x, lang))
    n = len(corpus)
    print(f"citations alone  {n / citations:>8,.0f} articles/s (cpu {citations:.2f} s)")
    print(f"whole enrich     {n / whole:>8,.0f} articles/s (cpu {whole:.2f} s, citations included)")
    print(f"citations share of enrichment CPU: {citations / whole:.1%}; "
          f"enrichment without them would be {citations / (whole - citations):.1%} faster")


if __name__ == "__main__":
    main()
