"""`mediamon eval citations FILE`: precision/recall of cited outlets per language on labelled lines
`{"id","lang","text","title"?,"cited":[outlet ids]}` (scored as sets of outlet ids per item)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from mediamon.scoring import Counts, load_items
from processors.stories.citations import extract_citations


def evaluate(path: Path) -> tuple[dict[str, Counts], list[str]]:
    """Counts per language (and "ALL") and a line per wrong item."""
    counts: dict[str, Counts] = defaultdict(lambda: Counts(empty=1.0))
    errors = []
    for item in load_items(path, ("lang", "text", "cited")):
        found = extract_citations(item.get("title", ""), item["text"])
        predicted = {c.outlet for c in found}
        gold = set(item["cited"])
        for key in (item["lang"], "ALL"):
            counts[key].add(gold, predicted)
        if gold != predicted:
            surfaces = ", ".join(f"{c.outlet}={c.surface!r}" for c in found) or "none"
            errors.append(f"{item.get('id', item['_line'])} [{item['lang']}] expected {sorted(gold)}, found {surfaces}")
    return dict(counts), errors


def format_report(counts: dict[str, Counts], errors: list[str]) -> str:
    lines = [f"{'lang':<6} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for lang in sorted(counts, key=lambda k: (k == "ALL", k)):
        c = counts[lang]
        lines.append(f"{lang:<6} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    if errors:
        lines += ["", f"{len(errors)} items wrong:"] + [f"  {line}" for line in errors]
    return "\n".join(lines)
