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
from processors.iptc.rules import (ANY_LANG, FRAME_PREFIX, RULES_DIR, TAXONOMY_FILE, Rule, Taxonomy, load_rules,
                                     load_taxonomy)

# Topic is decided by the lead: longer input only costs time (and lets boilerplate creep in).
MAX_TEXT_CHARS = 10_000
# What the article is about shows in its headline and lead, not in a passing reference further
# down: a headline word counts twice, a word of the lead (about the first two sentences) 1.5 times.
TITLE_BOOST = 2.0
LEAD_CHARS = 400
LEAD_BOOST = 1.5
# Raw score needed for the main topic (one supporting term suffices: a weak answer beats none)
# and for each further topic (absolute, and relative to the main one: most stories have one topic;
# 4.5 rather than 4 since lead words count 1.5 times: one strong word of the lead is not a second topic).
MIN_MAIN = 1.0
MIN_SECONDARY = 4.5
SECONDARY_RATIO = 0.6
# Subtopics feed alerts, so they need two strong terms, or one repeated or in the headline:
# a passing mention of gas does not make an energy story.
MIN_SUBTOPIC = 4.0
MAX_TOPICS = 3
# A contest (taxonomy.yaml) is settled by a frame of at least one strong cue (or a weaker one in
# the lead or headline); the losing topic's evidence then counts this much: the war in a summit
# story is context, so it no longer outweighs the summit. A loser without any frame cue of its own
# (no fighting, no peace process in a summit story) is context only, not a secondary topic.
MIN_FRAME = 2.0
CONTEST_DAMPING = 0.5
# Reported score = raw / (raw + SCORE_HALF): 0.5 at SCORE_HALF, approaching 1 with more evidence.
SCORE_HALF = 4.0
MAX_EVIDENCE = 6
MAX_WHY_CUES = 4


class TopicResult(NamedTuple):
    topics: list[TopicScore]
    subtopics: list[TopicScore]


class _Contest(NamedTuple):
    winner: str
    loser: str
    reason: str
    loser_is_context: bool  # the loser showed no frame cue at all


@dataclass
class _Tally:
    raw: float = 0.0
    evidence: dict[str, float] | None = None

    def add(self, term: str, amount: float) -> None:
        self.raw += amount
        if self.evidence is None:
            self.evidence = {}
        self.evidence[term] = self.evidence.get(term, 0.0) + amount

    def scale(self, factor: float) -> None:
        self.raw *= factor
        self.evidence = {term: amount * factor for term, amount in (self.evidence or {}).items()}

    def best_evidence(self, limit: int = MAX_EVIDENCE) -> list[str]:
        ranked = sorted((self.evidence or {}).items(), key=lambda kv: -abs(kv[1]))[:limit]
        return [f"{term} {amount:+.1f}" for term, amount in ranked]


# Where a rule's score goes: a top-level topic, a frame (for contests) or a subtopic.
_TOPIC, _FRAME, _SUBTOPIC = 0, 1, 2


class _RuleSet(NamedTuple):
    """One matcher over the terms of some languages, and what each found term scores for:
    (destination, target id, weight) tuples, resolved once so classifying only adds numbers."""

    matcher: TermMatcher
    scores: dict[str, tuple[tuple[int, str, float], ...]]


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
        self._rule_sets: dict[tuple[str, ...], _RuleSet] = {}

    @property
    def languages(self) -> list[str]:
        """Languages with a rule file of their own."""
        return sorted(lang for lang in self._langs if lang != ANY_LANG)

    def warm(self) -> None:
        """Build every matcher now: a worker calls this at start, not on its first articles."""
        for lang in [*self.languages, "und"]:
            self._rule_set(self._rule_langs(lang))

    def _rule_langs(self, lang: str) -> tuple[str, ...]:
        """Rules to apply: the language's own plus the shared ones; all of them for a language without rules."""
        if lang in self._langs and lang != ANY_LANG:
            return (lang, ANY_LANG)
        return tuple(sorted(self._langs))

    def _rule_set(self, langs: tuple[str, ...]) -> _RuleSet:
        if langs not in self._rule_sets:
            rules: dict[str, list[Rule]] = defaultdict(list)
            for (lang, term), term_rules in self._by_term.items():
                if lang in langs:
                    rules[term].extend(term_rules)
            # Frame cues are counted beside topic words: "министр* иностранных дел" (a meeting frame)
            # must not hide "министр*" (politics).
            frame_only = frozenset(term for term, term_rules in rules.items()
                                   if all(rule.target.startswith(FRAME_PREFIX) for rule in term_rules))
            scores = {term: tuple(self._destination(rule) + (rule.weight,) for rule in term_rules)
                      for term, term_rules in rules.items()}
            self._rule_sets[langs] = _RuleSet(TermMatcher(list(rules), frame_only), scores)
        return self._rule_sets[langs]

    def _destination(self, rule: Rule) -> tuple[int, str]:
        if rule.target in self.taxonomy.topics:
            return _TOPIC, rule.target
        if rule.target.startswith(FRAME_PREFIX):
            return _FRAME, rule.target[len(FRAME_PREFIX):]
        return _SUBTOPIC, rule.target

    def classify(self, title: str, text: str, lang: str) -> TopicResult:
        rule_set = self._rule_set(self._rule_langs(lang))
        in_title = rule_set.matcher.find(title[:MAX_TEXT_CHARS])
        in_text = rule_set.matcher.find(text[:MAX_TEXT_CHARS], LEAD_CHARS, LEAD_BOOST)
        hits_by_term = in_text
        for term, hits in in_title.items():
            hits_by_term[term] = hits_by_term.get(term, 0.0) + TITLE_BOOST * hits
        tallies: tuple[dict[str, _Tally], ...] = (defaultdict(_Tally), defaultdict(_Tally), defaultdict(_Tally))
        topics, frames, subtopics = tallies
        for term, hits in hits_by_term.items():
            strength = 1.0 + math.log(hits) if hits >= 1 else hits
            for destination, target, weight in rule_set.scores[term]:
                tallies[destination][target].add(term, weight * strength)
        for sid, tally in subtopics.items():
            sub = self.taxonomy.subtopics[sid]
            if sub.parent_weight and tally.raw > 0:
                for term, amount in (tally.evidence or {}).items():
                    topics[sub.parent].add(term, amount * sub.parent_weight)
        settled = self._settle_contests(topics, frames)
        return TopicResult(self._pick_topics(topics, settled), self._pick_subtopics(subtopics))

    def _settle_contests(self, topics: dict[str, _Tally], frames: dict[str, _Tally]) -> list[_Contest]:
        """Damp the loser of each contest whose frames differ, and say which frame cues decided it."""
        settled = []
        for first, second in self.taxonomy.contests:
            if topics.get(first, _Tally()).raw <= 0 or topics.get(second, _Tally()).raw <= 0:
                continue
            first_frame, second_frame = frames.get(first, _Tally()), frames.get(second, _Tally())
            if max(first_frame.raw, second_frame.raw) < MIN_FRAME or first_frame.raw == second_frame.raw:
                continue
            (winner, won), (loser, lost) = sorted(((first, first_frame), (second, second_frame)),
                                                  key=lambda kv: -kv[1].raw)
            topics[loser].scale(CONTEST_DAMPING)
            cues = ", ".join(won.best_evidence(MAX_WHY_CUES))
            reason = f"frame {won.raw:.1f} ({cues}) against {lost.raw:.1f}: {loser} evidence counted x{CONTEST_DAMPING}"
            settled.append(_Contest(winner, loser, reason, lost.raw <= 0))
        return settled

    def _score(self, target: str, tally: _Tally, why: list[str] | None = None) -> TopicScore:
        return TopicScore(id=target, label=self.taxonomy.label(target), score=round(tally.raw / (tally.raw + SCORE_HALF), 3),
                          evidence=tally.best_evidence(), why=why or [])

    def _pick_topics(self, tallies: dict[str, _Tally], settled: list[_Contest]) -> list[TopicScore]:
        ranked = sorted(tallies.items(), key=lambda kv: kv[1].raw, reverse=True)
        if not ranked or ranked[0][1].raw < MIN_MAIN:
            return []
        main, tally = ranked[0]
        why = []
        if len(ranked) > 1:
            runner, runner_tally = ranked[1]
            why.append(f"over {runner} ({self.taxonomy.label(runner)}): {tally.raw:.1f} against {runner_tally.raw:.1f}")
        why += [contest.reason for contest in settled if contest.winner == main]
        context = {contest.loser for contest in settled if contest.winner == main and contest.loser_is_context}
        floor = max(MIN_SECONDARY, SECONDARY_RATIO * tally.raw)
        chosen = [kv for kv in ranked[1:] if kv[1].raw >= floor and kv[0] not in context][:MAX_TOPICS - 1]
        return [self._score(main, tally, why)] + [self._score(target, t) for target, t in chosen]

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
