"""`mediamon eval stories FILE`: how well clustering recovers labelled stories.

Labelled lines `{"id","story","lang","published","text","distractor"?}`. Reported: pairwise
precision/recall/F1 over same-language pairs and over cross-language pairs, B-cubed F1 over all
articles, and the share of distractors (articles of a story on the same actors and days as another
story of the set) put into a predicted story with an article of another labelled story.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from mediamon.scoring import Counts, load_items
from processors.stories.offline import cluster_lines
from processors.stories.pair_model import PairModel


def story_lines(items: list[dict[str, Any]]) -> list[str]:
    """The labelled items as `mediamon stories` input lines."""
    return [json.dumps({k: item[k] for k in ("id", "lang", "published", "text")}, ensure_ascii=False)
            for item in items]


def evaluate(path: Path, threshold: float, model: PairModel | None = None) -> dict[str, float | int | Counts]:
    items = load_items(path, ("id", "story", "lang", "published", "text"))
    predicted = {r["id"]: r["story_id"] for r in cluster_lines(story_lines(items), threshold=threshold, model=model)}
    gold = {item["id"]: item["story"] for item in items}
    lang = {item["id"]: item["lang"] for item in items}
    pairs = {"same-language": Counts(empty=1.0), "cross-language": Counts(empty=1.0)}
    for a, b in combinations(sorted(gold), 2):
        kind = "same-language" if lang[a] == lang[b] else "cross-language"
        same_gold, same_predicted = gold[a] == gold[b], predicted[a] == predicted[b]
        pairs[kind].add({"pair"} if same_gold else set(), {"pair"} if same_predicted else set())
    gold_sizes, predicted_sizes = Counter(gold.values()), Counter(predicted.values())
    both = Counter((gold[i], predicted[i]) for i in gold)
    b3_p = sum(both[(gold[i], predicted[i])] / predicted_sizes[predicted[i]] for i in gold) / len(gold)
    b3_r = sum(both[(gold[i], predicted[i])] / gold_sizes[gold[i]] for i in gold) / len(gold)
    distractors = [item["id"] for item in items if item.get("distractor")]
    gold_in: dict[str, set[str]] = {}
    for article_id, story in predicted.items():
        gold_in.setdefault(story, set()).add(gold[article_id])
    merged = [i for i in distractors if len(gold_in[predicted[i]]) > 1]
    return {"articles": len(items), "stories": len(gold_sizes), "languages": len(set(lang.values())),
            "same-language": pairs["same-language"], "cross-language": pairs["cross-language"],
            "bcubed_f1": 2 * b3_p * b3_r / (b3_p + b3_r) if b3_p + b3_r else 0.0,
            "distractors": len(distractors), "distractors_merged": len(merged)}


def format_report(result: dict[str, float | int | Counts], threshold: float) -> str:
    lines = [f"{result['articles']} articles, {result['stories']} stories, {result['languages']} languages; "
             f"threshold {threshold:g}",
             f"{'pairs':<15} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for kind in ("same-language", "cross-language"):
        c = result[kind]
        assert isinstance(c, Counts)
        lines.append(f"{kind:<15} {c.tp:>5} {c.fp:>5} {c.fn:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    total, merged = int(result["distractors"]), int(result["distractors_merged"])
    lines.append(f"B-cubed F1 {result['bcubed_f1']:.3f}; distractors merged {merged}/{total}"
                 f" ({merged / total if total else 0.0:.1%})")
    return "\n".join(lines)
