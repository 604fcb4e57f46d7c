"""Language + topics: cold start (rule loading, automata) and articles/s on one core, warm.

Run: `.venv/bin/python -m bench.bench_language_topics [--articles 5000]`. Articles are the real
multilingual excerpts of `../shared/eval/` repeated to the requested count when that folder is
present (they are short: 300-1,200 characters), and the generated 1,500-4,000-character corpus of
`bench_annotate` either way. Matchers are built before timing, as a long-running worker has them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.bench_annotate import Article, generate_corpus, timed
from bench.machine import machine_line
from processors.iptc import build_classifier
from processors.language import detect_language
from processors.language.letters import load_rules as load_letter_rules

T = TypeVar("T")
SHARED_EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def shared_excerpts(count: int) -> list[Article]:
    items = []
    for name in ("topics_dev.jsonl", "mentions_dev.jsonl"):
        path = SHARED_EVAL / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                items.append((item.get("title") or "", item["text"], item.get("lang", "und")))
    return list(itertools.islice(itertools.cycle(items), count)) if items else []


def cpu_seconds(step: Callable[[], T]) -> tuple[float, T]:
    start = time.process_time()
    result = step()
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    args, _ = parser.parse_known_args()  # `python -m bench -- ARGS` passes every benchmark's flags
    print(machine_line())
    letters_s, _ = cpu_seconds(load_letter_rules)
    rules_s, classifier = cpu_seconds(build_classifier)
    warm_s, _ = cpu_seconds(classifier.warm)
    langs = classifier.languages
    print(f"cold start (cpu): letters.yaml {letters_s * 1000:.0f} ms; taxonomy + {len(langs)} rule files "
          f"{rules_s * 1000:.0f} ms; automata for {len(langs)} languages + all-languages {warm_s * 1000:.0f} ms")

    def both(title: str, text: str, lang: str) -> object:
        return classifier.classify(title, text, detect_language(title, text).lang)

    for name, corpus in (("shared excerpts", shared_excerpts(args.articles)),
                         ("generated news", generate_corpus(args.articles))):
        if not corpus:
            print(f"{name}: ../shared/eval is absent, skipped")
            continue
        print(f"{name}:")
        timed("  language", corpus, lambda t, x, lang: detect_language(t, x))
        timed("  topics", corpus, classifier.classify)
        timed("  lang + topics", corpus, both)


if __name__ == "__main__":
    main()
