"""Score mention detection on a labelled JSON Lines file, exactly as ../shared/eval/README.md says.

Gold: `{"id","lang","text","mentions":[{"entity","surface","class"?}],"date"?}`; the k-th listing of a
surface is its k-th occurrence in the text. `class` (names, paraphrase, discourse, mt) sorts the figures
by the kind of evidence a mention needs, so a regression shows where it came from. A prediction is a true positive when its entity matches and its span
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
    by_class: dict[str, Counts] = field(default_factory=lambda: defaultdict(_mention_counts))
    by_rule: dict[str, Counts] = field(default_factory=lambda: defaultdict(_mention_counts))
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
    spans: list[tuple[str, int, int]] = []
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
    line = {"id": item.get("id"), "text": text, "lang": lang, "published": item.get("date")}
    result = annotate_line(json.dumps(line), number)
    found = [m for m in result.get("mentions", []) if m["field"] == "text"]
    tps, fps, fns = score_item(gold, [(m["entity"], m["start"], m["end"]) for m in found])
    for bucket, spans in (("tp", tps), ("fp", fps), ("fn", fns)):
        for entity, _, _ in spans:
            for counts in (report.by_entity[entity], report.by_lang[lang], report.overall):
                _bump(counts, bucket)
    _score_classes(report, item, gold, fps, fns)
    rules = {(m["entity"], m["start"], m["end"]): m["rule"] for m in found}
    for bucket, spans in (("tp", tps), ("fp", fps)):
        for span in spans:
            _bump(report.by_rule[rules[span]], bucket)
    if not gold:
        report.negatives += 1
        hard = _is_hard_negative(item)
        report.hard_negatives += hard
        if fps:
            report.negatives_hit.append(item.get("id", str(number)))
            if hard:
                report.hard_negatives_hit.append(item.get("id", str(number)))
    for kind, spans in (("FP", fps), ("FN", fns)):
        for entity, start, end in spans:
            report.errors.append(f"{kind} {item.get('id')} {entity} {text[start:end]!r} "
                                 f"…{text[max(0, start - 40):end + 40]!r}…")


def _score_classes(report: Report, item: dict[str, Any], gold: list[tuple[str, int, int]],
                   fps: list[tuple[str, int, int]], fns: list[tuple[str, int, int]]) -> None:
    """Gold spans count under their own class; a false positive under the class of the nearest gold
    span of the excerpt, or under "hard-neg" / "other-neg" in a negative excerpt."""
    classes = [str(m.get("class", "unlabelled")) for m in item["mentions"]]
    missed = set(fns)
    for span, name in zip(gold, classes):
        _bump(report.by_class[name], "fn" if span in missed else "tp")
        missed.discard(span)
    for start, end in ((s, e) for _, s, e in fps):
        if gold:
            name = min(zip(gold, classes), key=lambda g: abs(g[0][1] - start) + abs(g[0][2] - end))[1]
        else:
            name = "hard-neg" if _is_hard_negative(item) else "other-neg"
        _bump(report.by_class[name], "fp")


def _is_hard_negative(item: dict[str, Any]) -> bool:
    return str(item.get("note", "")).startswith("hard negative")


def _bump(counts: Counts, bucket: str) -> None:
    setattr(counts, bucket, getattr(counts, bucket) + 1)


def format_report(report: Report) -> str:
    """The figures a reviewer reads: per entity, per language, overall, negatives, then errors."""
    rows = ["entity     P      R      F1     tp  fp  fn"]
    rows += [_row(name, c) for name, c in sorted(report.by_entity.items())]
    rows += ["", "language   P      R      F1     tp  fp  fn"]
    rows += [_row(name, c) for name, c in sorted(report.by_lang.items())]
    rows += ["", _row("overall", report.overall), ""]
    rows += ["class      P      R      F1     tp  fp  fn"]
    rows += [_class_row(name, c) for name, c in sorted(report.by_class.items())]
    rows += ["", "rule (precision of what each rule found)   P      tp  fp"]
    rows += [f"{name:<42} {c.precision:.3f}  {c.tp:>3} {c.fp:>3}" for name, c in sorted(report.by_rule.items())]
    rows.append("")
    rows.append(f"hard negatives: {report.hard_negatives - len(report.hard_negatives_hit)}/{report.hard_negatives}"
                f" clean (precision {report.negative_precision:.3f}); all negatives with a false mention:"
                f" {len(report.negatives_hit)}/{report.negatives} {report.negatives_hit}")
    rows += ["", f"errors ({len(report.errors)}):", *report.errors]
    return "\n".join(rows)


def _class_row(name: str, counts: Counts) -> str:
    """Negative excerpts have nothing to find: only their false positives mean anything."""
    if name.endswith("-neg"):
        return f"{name:<10} {'-':>5}  {'-':>5}  {'-':>5}  {0:>3} {counts.fp:>3} {0:>3}"
    return _row(name, counts)


def _row(name: str, counts: Counts) -> str:
    return (f"{name:<10} {counts.precision:.3f}  {counts.recall:.3f}  {counts.f1:.3f}  "
            f"{counts.tp:>3} {counts.fp:>3} {counts.fn:>3}")
