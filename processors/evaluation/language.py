"""Quality figures for language detection on labelled JSON Lines (`mediamon eval language`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediamon.scoring import load_items
from processors.language import detect_language

# The bar for language accuracy is on texts long enough to decide (headlines may be `und`).
LONG_TEXT_CHARS = 200


@dataclass
class LanguageReport:
    per_lang: Counter[str] = field(default_factory=Counter)
    per_lang_ok: Counter[str] = field(default_factory=Counter)
    long_items: int = 0
    long_ok: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        total = sum(self.per_lang.values())
        return sum(self.per_lang_ok.values()) / total if total else 0.0

    @property
    def long_accuracy(self) -> float:
        return self.long_ok / self.long_items if self.long_items else 0.0


def evaluate_language(items: list[dict[str, Any]]) -> LanguageReport:
    """Detected vs labelled language, without passing the label as a hint."""
    report = LanguageReport()
    for item in items:
        title, text, gold = item.get("title") or "", item["text"], item["lang"]
        guess = detect_language(title, text).lang
        report.per_lang[gold] += 1
        ok = guess == gold
        report.per_lang_ok[gold] += ok
        if len(title) + len(text) > LONG_TEXT_CHARS:
            report.long_items += 1
            report.long_ok += ok
        if not ok:
            report.confusions[(gold, guess)] += 1
    return report


def format_language_report(report: LanguageReport) -> str:
    lines = [f"items {sum(report.per_lang.values())}  accuracy {report.accuracy:.3f}  "
             f"on > {LONG_TEXT_CHARS} chars {report.long_accuracy:.3f} ({report.long_ok}/{report.long_items})",
             "", "per language: accuracy  items"]
    for lang, n in report.per_lang.most_common():
        lines.append(f"  {lang:<8} {report.per_lang_ok[lang] / n:.3f}  {n:5d}")
    lines += ["", "confusions (gold -> detected, count):"]
    lines += [f"  {gold} -> {guess}  {n}" for (gold, guess), n in report.confusions.most_common()]
    return "\n".join(lines)


def evaluate_language_file(path: Path) -> str:
    """The `mediamon eval language` report for one labelled file."""
    return format_language_report(evaluate_language(load_items(path, ("lang", "text"))))
