"""Open endings for cue words of agglutinative languages (`endings:` in data/languages.yaml).

Turkish, Kazakh, Finnish, Tamil, Malayalam… fuse case and modal suffixes onto a word: the cue
"ഉണ്ടായേക്കാം" (might happen) is written "ഉണ്ടായേക്കാമെന്നാണ്", "అవకాశం" (chance) "అవకాశాలు",
"olası" (possible) "olasılığı". Listing every fused form per cue cannot keep up, so in a flagged
language every closed cue word of at least `min_stem` letters also takes any ending, after
dropping a final letter the suffix replaces (the anusvara of "అవకాశం", the virama of "அச்சம்").
Shorter words stay closed: a two- or three-letter stem with any ending matches unrelated words.
Entity forms (the grammar's lexicons) keep their closed words, as a compound such as Finnish
"sotaharjoitus" (military exercise) must not read as "sota" (war); their open stems only lose such a
final letter, so "தாக்குதல்*" (attack) also finds "தாக்குதலின்" and "போர்*" (war) "போரில்".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endings:
    """How cue words of one language take suffixes."""

    min_stem: int
    # Final letters that a suffix replaces or drops (Telugu ం, Tamil ், Malayalam ം).
    changes: tuple[str, ...] = ()


def open_endings(form: str, rule: Endings, closed_too: bool) -> str:
    """`form` with open stems freed of a changing final letter and, with `closed_too` (cues), every
    closed literal long enough given an open ending (`olası` -> `olası*`)."""
    return " ".join(_open_word(word, rule, closed_too) for word in form.split())


def _open_word(word: str, rule: Endings, closed_too: bool) -> str:
    optional = word.endswith("?") and len(word) > 1
    body = word[:-1] if optional else word
    if body in ("_", ","):
        return word
    opened = "|".join(_open_alternative(alt, rule, closed_too) for alt in body.split("|"))
    return opened + ("?" if optional else "")


def _open_alternative(alt: str, rule: Endings, closed_too: bool) -> str:
    if any(c.isupper() or c.isdigit() for c in alt):
        return alt  # an abbreviation or a number keeps its exact form
    is_open = alt.endswith("*")
    if not (is_open or closed_too):
        return alt
    word = alt.rstrip("*")
    stem = word[:-1] if word[-1:] in rule.changes else word
    # An open stem was judged long enough by whoever wrote it; a closed one must reach min_stem.
    return f"{stem}*" if is_open or len(stem.lstrip("~")) >= rule.min_stem else alt
