"""Decide which automaton hits are mentions, using context cues named in the gazetteer.

An entry without `requires` counts unless one of its negative cues (airport, police…) is within
`neg_window` characters. An entry with `requires` (ambiguous words: "спецоперация", "Northern
Military District", "invasion") counts only when one alternative of its cue sets is present in the
article (or within `window`), and a negative cue is not nearer than the nearest positive one.
Accepted unambiguous mentions are themselves cues (`@SMO`, `@CSTO`), so "СВО" anywhere in an article
vouches for "спецоперация"; and a word keeps one sense per article, across title and text.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from enum import Enum

from mediamon.records import Mention
from processors.mentions.gazetteer import GazetteerEntry, UndatedVetoes
from processors.mentions.matcher import Hit, script_ok
from processors.mentions.normalize import Normalized


@dataclass
class FieldHits:
    name: str
    norm: Normalized
    hits: list[Hit]


@dataclass(frozen=True)
class _Span:
    field: str
    start: int
    end: int
    surface: str


@dataclass
class _Candidate:
    entry: GazetteerEntry
    span: _Span
    orig: tuple[int, int]
    cues: list[str] = field(default_factory=list)
    undated: UndatedVetoes | None = None


# Cue occurrences looked at on each side of a candidate: enough to step over the few that overlap it.
_NEIGHBOURS = 4


class _Cues:
    """Cue occurrences per (set, field), sorted, for nearest-cue look-ups in log time."""

    def __init__(self, article: dict[str, str] | None = None) -> None:
        self._spans: dict[tuple[str, str], list[_Span]] = {}
        self._starts: dict[tuple[str, str], list[int]] = {}
        # Cues of the whole article rather than of a place in it (its date), by name, with their evidence:
        # found at an infinite distance, so that any negative cue in reach outweighs them.
        self._article = {name: _Span("", 0, 0, why) for name, why in (article or {}).items()}

    def add(self, name: str, span: _Span) -> None:
        self._spans.setdefault((name, span.field), []).append(span)

    def has(self, name: str) -> bool:
        return name in self._article or any(key[0] == name for key in self._spans)

    def sort(self) -> None:
        for key, spans in self._spans.items():
            spans.sort(key=lambda s: s.start)
            self._starts[key] = [s.start for s in spans]

    def nearest(self, name: str, at: _Span, fields: list[str], inside: bool = False) -> tuple[float, _Span | None]:
        """Closest occurrence of cue set `name`, same field first, then others. A cue inside `at`
        is not context (the "Ukraine" of "war in Ukraine") unless `inside` says so (a veto in the gap
        of a grammar match: "Rusiyanın Kursk vilayətində Ukrayna hücumu"); one that contains it is,
        at distance 0 ("участники спецоперации" around "спецоперации"), and so is one that covers
        exactly the same words (the veto "war in eastern Ukraine" on the grammar's "war in eastern Ukraine")."""
        spans = self._spans.get((name, at.field), [])
        i = bisect_left(self._starts.get((name, at.field), []), at.start)
        best: tuple[float, _Span | None] = (math.inf, None)
        for span in spans[max(i - _NEIGHBOURS, 0):i + _NEIGHBOURS]:
            if (not inside and at.start <= span.start and span.end <= at.end
                    and (span.start, span.end) != (at.start, at.end)):
                continue
            gap = max(at.start - span.end, span.start - at.end, 0)
            if gap < best[0]:
                best = (gap, span)
        if best[1] is None:
            others = (self._spans.get((name, f)) for f in fields if f != at.field)
            best = (math.inf, next((s[0] for s in others if s), self._article.get(name)))
        return best

    def before(self, name: str, at: _Span, reach: float) -> bool:
        """Whether an occurrence of cue set `name` starts before `at`, in its field, within `reach`."""
        spans = self._spans.get((name, at.field), [])
        i = bisect_left(self._starts.get((name, at.field), []), at.start)
        return any(max(at.start - span.end, 0) <= reach for span in spans[max(i - _NEIGHBOURS, 0):i])


def undated_rule(entry: GazetteerEntry, undated: dict[str, UndatedVetoes]) -> UndatedVetoes | None:
    """The entity's undated vetoes when they concern this entry: war wording and generic words that
    need context ("invasion", "спецоперация") were used before the war too; the Kremlin's own names
    were not, so a "СВО может продлиться" stays a mention."""
    if entry.framing == "war" or entry.requires:
        return undated.get(entry.entity)
    return None


def decide(fields: list[FieldHits], undated: dict[str, UndatedVetoes] | None = None,
           article: dict[str, str] | None = None) -> list[Mention]:
    """Mentions (title first, then text, in text order) from the hits of every field; `undated` holds
    the undated vetoes of entities whose existence the article's date does not settle, `article` the
    cues of the whole article (`@SMO:dated`) with their evidence."""
    cues = _Cues(article)
    candidates: list[_Candidate] = []
    for item in fields:
        for hit in item.hits:
            owner = hit.pattern.owner
            start, end = item.norm.to_original(hit.start, hit.end)
            if not script_ok(hit.pattern, item.norm.original[start:end]):
                continue
            if not isinstance(owner, GazetteerEntry):
                cues.add(owner.name, _Span(item.name, hit.start, hit.end, item.norm.original[start:end]))
                continue
            candidate = _candidate(item, hit, owner)
            if candidate is not None:
                candidate.undated = undated_rule(owner, undated or {})
                candidates.append(candidate)
    cues.sort()
    names = [item.name for item in fields]
    accepted = [c for c in candidates
                if not c.entry.requires and not _vetoed(c, cues, names, _support_gap(c, cues, names))]
    for candidate in accepted:
        cues.add(f"@{candidate.entry.entity}", candidate.span)
    cues.sort()
    accepted += _one_sense_per_article([c for c in candidates if c.entry.requires], cues, names)
    return _without_overlaps(accepted, fields)


def _one_sense_per_article(candidates: list[_Candidate], cues: _Cues, names: list[str]) -> list[_Candidate]:
    """Context-dependent candidates that count. A word keeps one sense in one article (title and
    text): an occurrence without context of its own counts when another occurrence of the same
    rule counts, and none counts when one was vetoed (the article is about another operation)
    unless the article also names the entity outright."""
    verdicts = [(c, _verdict(c, cues, names)) for c in candidates]
    counted = {c.entry.id for c, v in verdicts if v is _Verdict.COUNTS}
    vetoed = {c.entry.id for c, v in verdicts if v is _Verdict.VETOED}
    kept = []
    for candidate, verdict in verdicts:
        if verdict is _Verdict.COUNTS:
            if candidate.entry.id not in vetoed or cues.has(f"@{candidate.entry.entity}"):
                kept.append(candidate)
        elif (verdict is _Verdict.NO_CONTEXT and candidate.entry.id in counted - vetoed
              and not _vetoed(candidate, cues, names, math.inf)):
            candidate.cues = ["same word counted elsewhere in the article"]
            kept.append(candidate)
    return kept


def _candidate(item: FieldHits, hit: Hit, entry: GazetteerEntry) -> _Candidate | None:
    """A hit as a candidate; abbreviations must be upper case (or all lower case, or capitalised, where the
    entry allows it: a Cyrillic "одкб" and an Italian "Csto" are never another word) and report only the
    abbreviation."""
    end = hit.end
    if entry.upper:
        key_end = hit.start + hit.pattern.key_len
        k_start, k_end = item.norm.to_original(hit.start, key_end)
        written = item.norm.original[k_start:k_end]
        if not (written.isupper() or (entry.lower and written.islower()) or (entry.title and written.istitle())):
            return None
        if len(hit.pattern.form.split()) == 1:
            end = key_end
    start, stop = item.norm.to_original(hit.start, end)
    original = item.norm.original
    while stop < len(original) and unicodedata.combining(original[stop]):
        stop += 1  # a stress mark dropped by normalisation still belongs to the last letter
    surface = original[start:stop]
    return _Candidate(entry, _Span(item.name, hit.start, end, surface), (start, stop))


class _Verdict(Enum):
    COUNTS = "counts"
    NO_CONTEXT = "no context"
    VETOED = "vetoed"


def _verdict(candidate: _Candidate, cues: _Cues, names: list[str]) -> _Verdict:
    """`window` bounds ordinary cues only: a mention confirmed anywhere in the article (`@SMO`)
    establishes what the article is about, however far away it is."""
    entry = candidate.entry
    closest = math.inf
    for alternative in entry.requires:
        found = [cues.nearest(name, candidate.span, names) for name in alternative]
        if all(span is not None and gap <= _limit(entry, name) for name, (gap, span) in zip(alternative, found)):
            closest = min(closest, max(gap for gap, _ in found))
            if not candidate.cues:
                candidate.cues = [f"{name}:{span.surface}" for name, (_, span) in zip(alternative, found) if span]
    if not candidate.cues:
        return _Verdict.NO_CONTEXT
    return _Verdict.VETOED if _vetoed(candidate, cues, names, closest) else _Verdict.COUNTS


def _support_gap(candidate: _Candidate, cues: _Cues, names: list[str]) -> float:
    """Distance to the nearest `supports` cue of a context-free entry (inf without one): a negative cue
    vetoes only when at least as near, so another country's operation does not take Russia's along."""
    return min((cues.nearest(name, candidate.span, names)[0] for name in candidate.entry.supports), default=math.inf)


def _limit(entry: GazetteerEntry, cue: str) -> float:
    return math.inf if entry.window is None or cue.startswith("@") else entry.window


def _vetoed(candidate: _Candidate, cues: _Cues, names: list[str], positive_gap: float) -> bool:
    """A negative cue within `neg_window` at least as near as the nearest positive cue (ties: precision
    first), a veto cue within `neg_window` at all, a gap veto inside the match (reach 0), or an undated
    veto ("could invade") within its window in an article that nowhere says the war is under way."""
    entry = candidate.entry
    for names_, reach in ((entry.negatives, positive_gap), (entry.vetoes, math.inf), (entry.gap_vetoes, 0)):
        if _near(cues, names_, candidate.span, names, min(entry.neg_window, reach)):
            return True
    rule = candidate.undated
    return (rule is not None and not any(cues.has(name) for name in rule.lifted_by)
            and (_near(cues, rule.cues, candidate.span, names, rule.window)
                 or any(cues.before(name, candidate.span, rule.window) for name in rule.before)))


def _near(cues: _Cues, sets: tuple[str, ...], at: _Span, names: list[str], reach: float) -> bool:
    """Whether a cue of one of `sets` lies within `reach` characters of `at`, or inside it."""
    for name in sets:
        gap, span = cues.nearest(name, at, names, inside=True)
        if span is not None and gap <= reach:
            return True
    return False


def _without_overlaps(accepted: list[_Candidate], fields: list[FieldHits]) -> list[Mention]:
    """One mention per stretch of text: overlapping hits of one entity merge into their union
    ("повномасштабного вторгнення" + "вторгнення Росії в Україну"); across entities the longer wins."""
    order = {item.name: i for i, item in enumerate(fields)}
    ranked = sorted(accepted, key=lambda c: (order[c.span.field], c.span.start, c.span.start - c.span.end,
                                             -c.entry.confidence))
    kept: list[_Candidate] = []
    for cand in ranked:
        last = kept[-1] if kept else None
        if last is None or last.span.field != cand.span.field or cand.span.start >= last.span.end:
            kept.append(cand)
        elif last.entry.entity == cand.entry.entity:
            if cand.span.end > last.span.end:
                kept[-1] = _union(last, cand, fields[order[last.span.field]].norm.original)
        elif cand.span.end - cand.span.start > last.span.end - last.span.start:
            kept[-1] = cand
    return [Mention(entity=c.entry.entity, surface=c.span.surface, start=c.orig[0], end=c.orig[1],
                    field=c.span.field, confidence=c.entry.confidence, framing=c.entry.framing,
                    rule=c.entry.id, cues=c.cues) for c in kept]


def _union(first: _Candidate, second: _Candidate, original: str) -> _Candidate:
    """The merged span keeps the evidence of the more specific (context-free, then longer) rule."""
    lead = min((first, second), key=lambda c: (bool(c.entry.requires), c.span.start - c.span.end))
    start, end = first.orig[0], max(first.orig[1], second.orig[1])
    span = _Span(first.span.field, first.span.start, max(first.span.end, second.span.end), original[start:end])
    return _Candidate(lead.entry, span, (start, end), lead.cues)
