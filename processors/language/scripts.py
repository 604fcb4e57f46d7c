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
# Runs rather than single letters: a few hundred matches per article instead of thousands.
_PATTERNS = {name: re.compile(f"[{chars}]+") for name, chars in _RANGES.items()}
SCRIPTS = tuple(_RANGES)


def script_counts(text: str) -> dict[str, int]:
    """Number of letters of each script present in text (scripts with none are left out)."""
    counts = {}
    for name, pattern in _PATTERNS.items():
        found = sum(map(len, pattern.findall(text)))
        if found:
            counts[name] = found
    return counts
