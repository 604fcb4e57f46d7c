"""Score IPTC topics and watched subtopics from weighted rule terms; every score carries its evidence."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from mediamon.records import TopicScore
from processors.iptc.matcher import TermMatcher, normalize
from processors.iptc.rules import ANY_LANG, RULES_DIR, TAXONOMY_FILE, Rule, Taxonomy, load_rules, load_taxonomy

# Topic is decided by the lead: longer input only costs time (and lets boilerplate creep in).
MAX_TEXT_CHARS = 10_000
# A headline word says more about the story than one in the body.
TITLE_BOOST = 2.0
# Raw score needed for the main topic (one supporting term suffices: a weak answer beats none)
# and for each further topic (absolute, and relative to the main one: most stories have one topic).
MIN_MAIN = 1.0
MIN_SECONDARY = 4.0
SECONDARY_RATIO = 0.6
# Subtopics feed alerts, so they need two strong terms, or one repeated or in the headline:
# a passing mention of gas does not make an energy story.
MIN_SUBTOPIC = 4.0
MAX_TOPICS = 3
# Reported score = raw / (raw + SCORE_HALF): 0.5 at SCORE_HALF, approaching 1 with more evidence.
SCORE_HALF = 4.0
MAX_EVIDENCE = 6


class TopicResult(NamedTuple):
    topics: list[TopicScore]
    subtopics: list[TopicScore]


@dataclass
class _Tally:
    raw: float = 0.0
    evidence: dict[str, float] | None = None

    def add(self, term: str, amount: float) -> None:
        self.raw += amount
        if self.evidence is None:
            self.evidence = {}
        self.evidence[term] = self.evidence.get(term, 0.0) + amount

    def best_evidence(self) -> list[str]:
        ranked = sorted((self.evidence or {}).items(), key=lambda kv: -abs(kv[1]))[:MAX_EVIDENCE]
        return [f"{term} {amount:+.1f}" for term, amount in ranked]


class TopicClassifier:
    """Rules of all languages, with one matcher per language built on first use."""

    def __init__(self, taxonomy: Taxonomy, rules: list[Rule]) -> None:
        self.taxonomy = taxonomy
        self._by_term: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        self._langs: set[str] = set()
        seen: set[tuple[str, str, str]] = set()
        for rule in rules:
            key = (rule.lang, normalize(rule.term))
            # Spellings that fold together (a transliteration equal to another) count once.
            if key + (rule.target,) not in seen:
                seen.add(key + (rule.target,))
                self._by_term[key].append(rule)
            self._langs.add(rule.lang)
        self._matchers: dict[str, TermMatcher] = {}

    @property
    def languages(self) -> list[str]:
        """Languages with a rule file of their own."""
        return sorted(lang for lang in self._langs if lang != ANY_LANG)

    def warm(self) -> None:
        """Build every matcher now: a worker calls this at start, not on its first articles."""
        for lang in [*self.languages, "und"]:
            self._matcher(self._rule_langs(lang))

    def _rule_langs(self, lang: str) -> tuple[str, ...]:
        """Rules to apply: the language's own plus the shared ones; all of them for a language without rules."""
        if lang in self._langs and lang != ANY_LANG:
            return (lang, ANY_LANG)
        return tuple(sorted(self._langs))

    def _matcher(self, langs: tuple[str, ...]) -> TermMatcher:
        key = ",".join(langs)
        if key not in self._matchers:
            self._matchers[key] = TermMatcher([term for (lang, term) in self._by_term if lang in langs])
        return self._matchers[key]

    def classify(self, title: str, text: str, lang: str) -> TopicResult:
        langs = self._rule_langs(lang)
        matcher = self._matcher(langs)
        in_title = matcher.find(normalize(title[:MAX_TEXT_CHARS]))
        in_text = matcher.find(normalize(text[:MAX_TEXT_CHARS]))
        topics: dict[str, _Tally] = defaultdict(_Tally)
        subtopics: dict[str, _Tally] = defaultdict(_Tally)
        for term in in_title.keys() | in_text.keys():
            hits = in_text.get(term, 0) + TITLE_BOOST * in_title.get(term, 0)
            strength = 1.0 + math.log(hits) if hits >= 1 else hits
            for term_lang in langs:
                for rule in self._by_term.get((term_lang, term), ()):
                    if rule.target in self.taxonomy.topics:
                        topics[rule.target].add(term, rule.weight * strength)
                    else:
                        subtopics[rule.target].add(term, rule.weight * strength)
        for sid, tally in subtopics.items():
            sub = self.taxonomy.subtopics[sid]
            if sub.parent_weight and tally.raw > 0:
                for term, amount in (tally.evidence or {}).items():
                    topics[sub.parent].add(term, amount * sub.parent_weight)
        return TopicResult(self._pick_topics(topics), self._pick_subtopics(subtopics))

    def _score(self, target: str, tally: _Tally) -> TopicScore:
        return TopicScore(id=target, label=self.taxonomy.label(target), score=round(tally.raw / (tally.raw + SCORE_HALF), 3),
                          evidence=tally.best_evidence())

    def _pick_topics(self, tallies: dict[str, _Tally]) -> list[TopicScore]:
        ranked = sorted(tallies.items(), key=lambda kv: kv[1].raw, reverse=True)
        if not ranked or ranked[0][1].raw < MIN_MAIN:
            return []
        floor = max(MIN_SECONDARY, SECONDARY_RATIO * ranked[0][1].raw)
        chosen = [ranked[0]] + [kv for kv in ranked[1:MAX_TOPICS] if kv[1].raw >= floor]
        return [self._score(target, tally) for target, tally in chosen]

    def _pick_subtopics(self, tallies: dict[str, _Tally]) -> list[TopicScore]:
        ranked = sorted(tallies.items(), key=lambda kv: kv[1].raw, reverse=True)
        return [self._score(target, tally) for target, tally in ranked if tally.raw >= MIN_SUBTOPIC]


def build_classifier(taxonomy_file: Path = TAXONOMY_FILE, rules_dir: Path = RULES_DIR) -> TopicClassifier:
    taxonomy = load_taxonomy(taxonomy_file)
    return TopicClassifier(taxonomy, load_rules(rules_dir, taxonomy))


@lru_cache(maxsize=1)
def default_classifier() -> TopicClassifier:
    return build_classifier()


def classify_topics(title: str, text: str, lang: str) -> TopicResult:
    """1-3 IPTC top-level topics best first, plus watched subtopics, each with score and evidence."""
    return default_classifier().classify(title, text, lang)
