"""Score mention detection on a labelled JSON Lines file, exactly as ../shared/eval/README.md says.

Gold: `{"id","lang","text","mentions":[{"entity","surface"}]}`; the k-th listing of a surface is its
k-th occurrence in the text. A prediction is a true positive when its entity matches and its span
overlaps a gold span not used yet; other predictions are false positives, unmatched gold spans false
negatives. Predictions come from `annotate_line`, the very code `mediamon annotate` runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediamon.errors import ConfigError
from mediamon.scoring import Counts, load_items
from processors.enrich.annotate import annotate_line


def _mention_counts() -> Counts:
    """An entity or language with nothing expected and nothing found scores 1.0 (nothing was wrong)."""
    return Counts(empty=1.0)


@dataclass
class Report:
    by_entity: dict[str, Counts] = field(default_factory=lambda: defaultdict(_mention_counts))
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(_mention_counts))
    overall: Counts = field(default_factory=lambda: _mention_counts())
    negatives: int = 0
    hard_negatives: int = 0
    negatives_hit: list[str] = field(default_factory=list)
    hard_negatives_hit: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def negative_precision(self) -> float:
        """Share of negative excerpts with no false mention (the issue's hard-negative figure)."""
        return 1 - len(self.hard_negatives_hit) / self.hard_negatives if self.hard_negatives else 1.0


def gold_spans(text: str, mentions: list[dict[str, str]]) -> list[tuple[str, int, int]]:
    """(entity, start, end) of each gold mention: the k-th listing is the k-th occurrence."""
    seen: Counter[str] = Counter()
    spans = []
    for mention in mentions:
        surface = mention["surface"]
        start = -1
        for _ in range(seen[surface] + 1):
            start = text.find(surface, start + 1)
            if start < 0:
                raise ConfigError(f"gold surface {surface!r} occurs fewer times than listed")
        seen[surface] += 1
        spans.append((mention["entity"], start, start + len(surface)))
    return spans


def score_item(gold: list[tuple[str, int, int]], predicted: list[tuple[str, int, int]]) -> tuple[
        list[tuple[str, int, int]], list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """True positives, false positives, false negatives of one excerpt."""
    used: set[int] = set()
    tps, fps = [], []
    for pred in predicted:
        match = next((i for i, g in enumerate(gold)
                      if i not in used and g[0] == pred[0] and g[1] < pred[2] and pred[1] < g[2]), None)
        if match is None:
            fps.append(pred)
        else:
            used.add(match)
            tps.append(pred)
    return tps, fps, [g for i, g in enumerate(gold) if i not in used]


def evaluate(path: Path) -> Report:
    report = Report()
    for item in load_items(path, ("text", "mentions")):
        _score_line(report, item, item["_line"])
    return report


def _score_line(report: Report, item: dict[str, Any], number: int) -> None:
    text, lang = item["text"], item.get("lang", "und")
    try:
        gold = gold_spans(text, item["mentions"])
    except ConfigError as exc:
        raise ConfigError(f"line {number} ({item.get('id')}): {exc}") from exc
    result = annotate_line(json.dumps({"id": item.get("id"), "text": text, "lang": lang}), number)
    predicted = [(m["entity"], m["start"], m["end"]) for m in result.get("mentions", []) if m["field"] == "text"]
    tps, fps, fns = score_item(gold, predicted)
    for bucket, spans in (("tp", tps), ("fp", fps), ("fn", fns)):
        for entity, _, _ in spans:
            for counts in (report.by_entity[entity], report.by_lang[lang], report.overall):
                setattr(counts, bucket, getattr(counts, bucket) + 1)
    if not gold:
        report.negatives += 1
        hard = str(item.get("note", "")).startswith("hard negative")
        report.hard_negatives += hard
        if fps:
            report.negatives_hit.append(item.get("id", str(number)))
            if hard:
                report.hard_negatives_hit.append(item.get("id", str(number)))
    for kind, spans in (("FP", fps), ("FN", fns)):
        for entity, start, end in spans:
            report.errors.append(f"{kind} {item.get('id')} {entity} {text[start:end]!r} "
                                 f"…{text[max(0, start - 40):end + 40]!r}…")


def format_report(report: Report) -> str:
    """The figures a reviewer reads: per entity, per language, overall, negatives, then errors."""
    rows = ["entity     P      R      F1     tp  fp  fn"]
    rows += [_row(name, c) for name, c in sorted(report.by_entity.items())]
    rows += ["", "language   P      R      F1     tp  fp  fn"]
    rows += [_row(name, c) for name, c in sorted(report.by_lang.items())]
    rows += ["", _row("overall", report.overall), ""]
    rows.append(f"hard negatives: {report.hard_negatives - len(report.hard_negatives_hit)}/{report.hard_negatives}"
                f" clean (precision {report.negative_precision:.3f}); all negatives with a false mention:"
                f" {len(report.negatives_hit)}/{report.negatives} {report.negatives_hit}")
    rows += ["", f"errors ({len(report.errors)}):", *report.errors]
    return "\n".join(rows)


def _row(name: str, counts: Counts) -> str:
    return (f"{name:<10} {counts.precision:.3f}  {counts.recall:.3f}  {counts.f1:.3f}  "
            f"{counts.tp:>3} {counts.fp:>3} {counts.fn:>3}")
