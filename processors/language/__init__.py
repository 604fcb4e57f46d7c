"""Language identification of title + text (pycld2 ships its own model)."""

from __future__ import annotations

from typing import NamedTuple

import pycld2


class LanguageGuess(NamedTuple):
    lang: str
    confidence: float


UNDETERMINED = LanguageGuess("und", 0.0)


def detect_language(title: str, text: str, hint: str | None = None) -> LanguageGuess:
    """ISO 639-1 code of the article's language, or `und` when the text is too weak to tell."""
    sample = f"{title}\n{text}".strip()
    if not sample:
        return LanguageGuess(hint, 0.5) if hint else UNDETERMINED
    try:
        reliable, _, details = pycld2.detect(sample.encode("utf-8", errors="replace"))
    except pycld2.error:
        return LanguageGuess(hint, 0.5) if hint else UNDETERMINED
    code, percent = details[0][1], details[0][2]
    if code == "un" or not reliable:
        return LanguageGuess(hint, 0.5) if hint else UNDETERMINED
    return LanguageGuess(code.split("-")[0], round(percent / 100, 3))
