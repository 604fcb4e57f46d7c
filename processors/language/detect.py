"""Language of title + text: pycld2 (ships its model) corrected by script and letter evidence."""

from __future__ import annotations

from typing import NamedTuple

import pycld2

from processors.language.letters import Evidence, ScriptRule, default_rules
from processors.language.scripts import script_counts

# cld2 settles within a paragraph or two (no answer on the dev sets or the bench corpus changed
# between 1,200 and 2,000 characters) and its cost grows with the sample: 1,200 is ~40 % cheaper.
MAX_SAMPLE_CHARS = 1200
# Script and letter counts settle within a paragraph; each script is one scan, so count on less.
LETTER_SAMPLE_CHARS = 800
# Below this many letters a text is a headline fragment: confidence shrinks in proportion.
FULL_CONFIDENCE_LETTERS = 40
# A script used by one language (Bengali, Armenian, ...) tells the language from a few letters.
FULL_CONFIDENCE_LETTERS_SINGLE_SCRIPT = 8
# Under this confidence the answer is `und` (or the feed's hint): a headline must not be guessed wildly.
UND_BELOW = 0.5


class LanguageGuess(NamedTuple):
    lang: str
    confidence: float


UNDETERMINED = LanguageGuess("und", 0.0)


def _cld2(sample: str, hint: str | None) -> tuple[str, float, bool]:
    """Best non-unknown pycld2 language, its share of the text (0-1) and cld2's reliability flag."""
    try:
        if hint:
            try:
                reliable, _, details = pycld2.detect(sample, isPlainText=True, bestEffort=True, hintLanguage=hint)
            except pycld2.error:  # a code pycld2 does not know must not cost the detection
                reliable, _, details = pycld2.detect(sample, isPlainText=True, bestEffort=True)
        else:
            reliable, _, details = pycld2.detect(sample, isPlainText=True, bestEffort=True)
    except pycld2.error:
        return "un", 0.0, False
    for _, code, percent, _ in details:
        if code != "un":
            return code.split("-")[0], percent / 100, reliable
    return "un", 0.0, False


def _default_usable(rule: ScriptRule | None, evidence: Evidence | None) -> bool:
    return bool(rule and rule.default and not (evidence and rule.default in evidence.vetoed))


def _fallback(hint: str | None) -> LanguageGuess:
    return LanguageGuess(hint, 0.5) if hint else UNDETERMINED


def detect_language(title: str, text: str, hint: str | None = None) -> LanguageGuess:
    """ISO 639-1 code of the article's language, or `und` (or the hint) when the text is too weak."""
    # Feeds declare "en-US", "RU", " uk ": the hint is the primary subtag, lower-cased.
    hint = (hint or "").strip().split("-")[0].split("_")[0].lower() or None
    sample = f"{title[:MAX_SAMPLE_CHARS]}\n{text[:MAX_SAMPLE_CHARS]}"[:MAX_SAMPLE_CHARS]
    head = sample[:LETTER_SAMPLE_CHARS]
    counts = script_counts(head)
    if not counts:
        return _fallback(hint)
    total = sum(counts.values())
    script, in_script = max(counts.items(), key=lambda item: item[1])
    rule = default_rules().get(script)
    cld_lang, share, reliable = _cld2(sample, hint)
    evidence = Evidence(rule, head.lower(), in_script) if rule else None
    by_letters = evidence.best(cld_lang, reliable) if evidence else None
    if by_letters:
        # Letter shares of 2-5 % are typical of a language's own alphabet; more is more certain.
        own_share = evidence.support[by_letters] / in_script
        lang, confidence = by_letters, min(1.0, 0.6 + 10 * own_share) * in_script / total
    elif cld_lang != "un" and (reliable or not _default_usable(rule, evidence)) \
            and not (evidence and cld_lang in evidence.vetoed):
        lang, confidence = cld_lang, share * (1.0 if reliable else 0.8)
    elif _default_usable(rule, evidence):
        lang, confidence = rule.default, rule.default_confidence * in_script / total
    else:
        return _fallback(hint)
    unique_script = rule is not None and not rule.candidates and rule.default == lang
    full = FULL_CONFIDENCE_LETTERS_SINGLE_SCRIPT if unique_script else FULL_CONFIDENCE_LETTERS
    confidence = round(confidence * min(1.0, total / full), 3)
    if confidence < UND_BELOW:
        return _fallback(hint)
    return LanguageGuess(lang, confidence)
