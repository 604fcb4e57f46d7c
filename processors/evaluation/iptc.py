"""Quality figures for IPTC topic classification on labelled JSON Lines (`mediamon eval topics`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediamon.scoring import Counts, load_items
from processors.iptc.classify import TopicResult, classify_topics, default_classifier
from processors.language import detect_language


@dataclass
class TopicReport:
    items: int = 0
    per_topic: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    lang_items: Counter[str] = field(default_factory=Counter)
    lang_main_ok: Counter[str] = field(default_factory=Counter)
    main_ok: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.per_topic.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    @property
    def macro_f1(self) -> float:
        """Mean F1 over topics that occur in the gold labels or the predictions."""
        scored = [c.f1 for c in self.per_topic.values() if c.tp + c.fn + c.fp]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def main_accuracy(self) -> float:
        return self.main_ok / self.items if self.items else 0.0


Classifier = Callable[[str, str, str], TopicResult]


def evaluate_topics(items: list[dict[str, Any]], classify: Classifier = classify_topics) -> TopicReport:
    """Run language detection + topic classification as the pipeline does and compare with gold."""
    report = TopicReport()
    for item in items:
        title, text, gold = item.get("title") or "", item["text"], list(item["topics"])
        lang = detect_language(title, text).lang
        predicted = [t.id for t in classify(title, text, lang).topics]
        gold_lang = item.get("lang", "und")
        report.items += 1
        report.lang_items[gold_lang] += 1
        report.per_lang[gold_lang].add(set(gold), set(predicted))
        for topic in set(gold) | set(predicted):
            report.per_topic[topic].add({topic} & set(gold), {topic} & set(predicted))
        guess = predicted[0] if predicted else "none"
        if guess == gold[0]:
            report.main_ok += 1
            report.lang_main_ok[gold_lang] += 1
        else:
            report.confusions[(gold[0], guess)] += 1
            report.misses.append(f"{item.get('id', '?')}: gold {gold[0]} got {guess}")
    return report


def format_topic_report(report: TopicReport, labels: dict[str, str] | None = None,
                        show_misses: bool = False) -> str:
    labels = labels or {}
    micro = report.micro
    lines = [f"items {report.items}  main-topic accuracy {report.main_accuracy:.3f}  "
             f"macro-F1 {report.macro_f1:.3f}  micro P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}",
             "", "per topic:      P      R     F1   tp  fp  fn"]
    for topic in sorted(report.per_topic):
        c = report.per_topic[topic]
        lines.append(f"  {topic}  {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}  {c.tp:3d} {c.fp:3d} {c.fn:3d}  "
                     f"{labels.get(topic, '')}")
    lines += ["", "per language:   P      R     F1  main-acc  items"]
    for lang in sorted(report.per_lang, key=lambda k: -report.lang_items[k]):
        c, n = report.per_lang[lang], report.lang_items[lang]
        lines.append(f"  {lang:<8}  {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}  {report.lang_main_ok[lang] / n:.3f}  {n:5d}")
    lines += ["", "confusions (gold main -> predicted main, count):"]
    for (gold, guess), n in report.confusions.most_common():
        lines.append(f"  {gold} -> {guess}  {n}   {labels.get(gold, '')} -> {labels.get(guess, '')}")
    if show_misses:
        lines += ["", "misses:"] + [f"  {miss}" for miss in report.misses]
    return "\n".join(lines)


def evaluate_topic_file(path: Path, show_misses: bool = False) -> str:
    """The `mediamon eval topics` report for one labelled file."""
    items = load_items(path, ("text", "topics"))
    labels = {tid: names["en"] for tid, names in default_classifier().taxonomy.topics.items()}
    return format_topic_report(evaluate_topics(items), labels, show_misses)
