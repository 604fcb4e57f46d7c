"""Letter counts per writing system: the first, cheapest evidence of a text's language."""

from __future__ import annotations

import re

# Unicode block ranges (letters and combining signs) of the scripts our sources are written in.
_RANGES = {
    "Latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc",
    "Cyrillic": "\u0400-\u052f",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Devanagari": "\u0900-\u097f",
    "Bengali": "\u0980-\u09ff",
    "Armenian": "\u0530-\u058f",
    "Georgian": "\u10a0-\u10ff",
    "Han": "\u3400-\u4dbf\u4e00-\u9fff",
    "Kana": "\u3040-\u30ff",
    "Hangul": "\uac00-\ud7af\u1100-\u11ff",
    "Greek": "\u0370-\u03ff",
    "Hebrew": "\u0590-\u05ff",
    "Thai": "\u0e00-\u0e7f",
}
SCRIPTS = tuple(_RANGES)


def _tag_table() -> str:
    """Position = code point (Basic Multilingual Plane); value = a control character naming the
    script of that letter (its index + 1), or NUL for anything else.

    One `str.translate` then tags the whole text in C and `str.count` of each tag gives the
    counts: about a fifth of the time of one regex scan per script. Indexing a string is cheaper
    than a dict lookup per character; characters beyond the plane (emoji) stay as they are, which
    never equals a tag, and the tag characters themselves map to NUL, so a stray one is not counted."""
    table = ["\x00"] * 0x10000
    for index, chars in enumerate(_RANGES.values()):
        for low, high in re.findall(r"(.)(?:-(.))?", chars):
            table[ord(low):ord(high or low) + 1] = [chr(index + 1)] * (ord(high or low) + 1 - ord(low))
    return "".join(table)


_TAGS = _tag_table()
_TAG_OF = {name: chr(index + 1) for index, name in enumerate(SCRIPTS)}


def script_counts(text: str) -> dict[str, int]:
    """Number of letters of each script present in text (scripts with none are left out)."""
    tagged = text.translate(_TAGS)
    counts = {}
    for name, tag in _TAG_OF.items():
        found = tagged.count(tag)
        if found:
            counts[name] = found
    return counts
