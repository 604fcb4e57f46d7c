"""Mentions of tracked entities (CSTO, SMO) found with a data-file gazetteer.

normalize (fold the text, keep an offset map) -> matcher (one Aho-Corasick pass for forms and
context cues) -> context (accept, reject by cues, drop overlaps) -> Mention records whose offsets
point into the original title/text.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from mediamon.errors import ConfigError
from mediamon.records import Mention
from processors.mentions.context import FieldHits, decide, undated_rule
from processors.mentions.gazetteer import DATA_DIR, GazetteerEntry, UndatedVetoes, dated_cue, load
from processors.mentions.matcher import Hit, MentionMatcher
from processors.mentions.normalize import normalize
from processors.mentions.published import earliest_day, latest_day


def build_matcher(data_dir: Path = DATA_DIR) -> MentionMatcher:
    """Load the gazetteer and build its automaton; ConfigError names the file and line of a mistake."""
    gazetteer = load(data_dir)
    try:
        return MentionMatcher(gazetteer)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


@lru_cache(maxsize=1)
def default_matcher() -> MentionMatcher:
    """The automaton of the shipped gazetteer, built once per process."""
    return build_matcher()


def detect_mentions(title: str, text: str, lang: str, published: date | str | None = None) -> list[Mention]:
    """Every mention in title and text, in field then text order.

    Forms of every language are tried whatever `lang` says: articles quote other languages
    ("CSTO" in Persian text) and a language guess can be wrong; the cues keep that safe.
    `published` (a date, or text such as "2021-06" or "2015") drops entities that did not exist yet;
    unless it is certainly later than an entity's start, the entity's undated vetoes apply.
    """
    matcher = default_matcher()
    fields = []
    for name, value in (("title", title or ""), ("text", text or "")):
        if value:
            norm = normalize(value)
            fields.append(FieldHits(name, norm, _without_covered(matcher.find(norm.text))))
    undated = _undated(matcher, published)
    if any(_needs_context(hit.pattern.owner) or _dated_by_context(hit.pattern.owner, undated)
           for item in fields for hit in item.hits):
        for item in fields:
            item.hits.extend(matcher.find(item.norm.text, cues=True))
    mentions = decide(fields, undated, _dated(matcher, published))
    last_day = latest_day(published)
    if last_day is None or not mentions:
        return mentions
    return [m for m in mentions if m.entity not in matcher.since or matcher.since[m.entity] <= last_day]


def _undated(matcher: MentionMatcher, published: date | str | None) -> dict[str, UndatedVetoes]:
    """Undated vetoes of the entities that the article's date does not show as already begun."""
    first_day = earliest_day(published)
    return {entity: rule for entity, rule in matcher.undated.items()
            if first_day is None or entity not in matcher.since or first_day < matcher.since[entity]}


def _dated(matcher: MentionMatcher, published: date | str | None) -> dict[str, str]:
    """The `@<entity>:dated` cue of each entity that the article's date shows as already begun."""
    first_day = earliest_day(published)
    if first_day is None:
        return {}
    return {dated_cue(entity): f"published {first_day.isoformat()}"
            for entity, start in matcher.since.items() if first_day >= start}


def _dated_by_context(owner: object, undated: dict[str, UndatedVetoes]) -> bool:
    return isinstance(owner, GazetteerEntry) and undated_rule(owner, undated) is not None


def _without_covered(hits: list[Hit]) -> list[Hit]:
    """Drop context-dependent hits inside a context-free hit of the same entity ("war in Ukraine"
    found by a name and by the grammar): they could not change the mention, and would cost the
    article a scan for context cues."""
    sure = [(h.pattern.owner.entity, h.start, h.end) for h in hits
            if isinstance(h.pattern.owner, GazetteerEntry) and not _needs_context(h.pattern.owner)]
    if not sure:
        return hits
    return [h for h in hits if not _needs_context(h.pattern.owner) or not any(
        entity == h.pattern.owner.entity and start <= h.start and h.end <= end for entity, start, end in sure)]


def _needs_context(owner: object) -> bool:
    return isinstance(owner, GazetteerEntry) and bool(
        owner.requires or owner.negatives or owner.vetoes or owner.gap_vetoes)
