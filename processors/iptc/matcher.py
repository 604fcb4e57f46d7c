"""Find rule terms in text fast: one Aho-Corasick automaton (a DFA) per language, built once."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from ahocorasick_rs import AhoCorasick, Implementation

# Scripts written without spaces between words: their terms match anywhere.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f]")


# Spellings that vary between sources but not in meaning, folded the same way in text and terms.
_FOLD = {
    "İ": "i", "ı": "i", "ё": "е", "Ё": "е", "ʼ": "'", "ʻ": "'", "’": "'", "‘": "'", "`": "'",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
    "\u00a0": " ", "\u200c": " ", "\u202f": " ", "\u2009": " ",
}
# Arabic short vowels and tatweel, soft hyphen, zero-width joiner and direction marks: never meaningful here.
_DROP = "\u064b-\u0652\u0670\u0640\u00ad\u200d\u200e\u200f\ufeff"
# A regex finds the few characters to fold; str.translate would look up every character of the text.
_FOLD_RE = re.compile(f"[{''.join(_FOLD)}{_DROP}]")


def _fold(match: re.Match[str]) -> str:
    return _FOLD.get(match.group(), "")


def normalize(text: str) -> str:
    return _FOLD_RE.sub(_fold, text).lower()


# Everything that is not a letter or digit (nor one of the combining vowel signs of Indic scripts,
# U+0900-U+0DFF, which \w rejects) becomes a space, in the text and in the terms alike: then
# " stem" (with its leading space) can only match at a word's start and " word " only as a whole
# word, so the automaton itself checks the boundaries and reports no matches inside words.
_NON_WORD = re.compile(r"[^\w\u0900-\u0dff]")
_NON_WORD_RUN = re.compile(r"[^\w\u0900-\u0dff]+")
# ASCII punctuation is most of it: one bytes.translate of the UTF-8 (bytes >= 0x80 stay as they
# are) spaces it, and a regex looks only for the rest (« » — and the like); then runs of spaces
# become one, so phrases are literal keys. About half the time of one regex replacing every run.
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w\u0900-\u0dff]")
_ASCII_SPACES = bytes(b if b >= 0x80 or _NON_WORD.match(chr(b)) is None else 0x20 for b in range(256))


def _spaced(text: str) -> str:
    """` text `, each run of non-word characters one space (so phrases are literal keys)."""
    ascii_spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_SPACES).decode("utf-8", "surrogatepass")
    spaced = f" {_NON_ASCII_NON_WORD.sub(' ', ascii_spaced)} "
    while "  " in spaced:  # a few C-speed passes: runs are short
        spaced = spaced.replace("  ", " ")
    return spaced


# Normalising and spacing a text of some length in numpy costs a fifth of the regex passes above:
# every character maps to one character or none, except a capital sigma, which lower() writes
# final or not by its neighbours, and characters beyond the BMP (the table's size); texts with
# those, and short ones (numpy's fixed cost per call: measured even with the passes at ~400
# characters, so headlines take the passes), take the passes above.
_GATHER_MIN_CHARS = 400
_CAPITAL_SIGMA = 0x3A3
_DROPPED = 0  # table value of a character that disappears; NUL itself becomes a space
_SPACE = np.array([0x20], dtype=np.uint32)


@lru_cache(maxsize=1)
def _spacing_table() -> np.ndarray:
    """What each BMP code point becomes in the spaced text: `normalize`, then non-word to space.
    Built from the whole plane in one string (each pass at C speed), dropped characters held by a
    space while lowering so that every code point keeps its place."""
    every = "".join(map(chr, range(0x10000)))
    lowered = _FOLD_RE.sub(lambda match: _FOLD.get(match.group(), " "), every).lower()
    table = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    table[[match.start() for match in _NON_WORD.finditer(lowered)]] = 0x20
    table[[match.start() for match in _FOLD_RE.finditer(every) if match.group() not in _FOLD]] = _DROPPED
    return table


def _matchable(text: str) -> str:
    """`_spaced(normalize(text))`: the text as the automaton reads it."""
    if len(text) < _GATHER_MIN_CHARS:
        return _spaced(normalize(text))
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if points.max() > 0xFFFF or (points == _CAPITAL_SIGMA).any():
        return _spaced(normalize(text))
    mapped = _spacing_table().take(points)
    framed = np.concatenate((_SPACE, mapped[mapped != _DROPPED], _SPACE))
    blank = framed == 0x20
    repeated = np.zeros_like(blank)
    repeated[1:] = blank[1:] & blank[:-1]  # a space right after a space goes: runs of them become one
    return framed[~repeated].tobytes().decode("utf-32-le")


class Term(NamedTuple):
    """A compiled term: its spelling, how to check what follows its literal head, and its family."""

    text: str                       # the folded spelling, reported as evidence and used as the rule key
    tail: re.Pattern[str] | None    # words after a prefix word: the whole term, matched at the head's start
    family: int                     # terms of one family hide shorter ones of the same family only
    closing: int                    # 1 when the match ends with the space after a whole word: not part of its span


@lru_cache(maxsize=None)
def compile_term(term: str) -> tuple[str, re.Pattern[str] | None]:
    """(literal key for the automaton, regex for the rest or None) of a term in rule syntax."""
    folded = normalize(term)
    unspaced = bool(_UNSPACED.search(folded))
    infix = folded.startswith("~")
    # (stem, is a prefix) per word; a hyphen or apostrophe inside a word splits it as in the text.
    words: list[tuple[str, bool]] = []
    for word in folded.lstrip("~").split():
        pieces = _NON_WORD_RUN.sub(" ", word.rstrip("*")).split()
        words += [(piece, word.endswith("*") and n == len(pieces) - 1) for n, piece in enumerate(pieces)]
    if not words:  # punctuation only: nothing a text could be matched on
        return "", None
    # The literal key runs up to the first prefix word's stem; a regex checks any words after it.
    literal = 0
    while literal < len(words) and not words[literal][1]:
        literal += 1
    literal = min(literal + 1, len(words))
    key = " ".join(stem for stem, _ in words[:literal])
    tail = None
    if literal < len(words):
        parts = [re.escape(stem) + ("[^ ]*" if prefix else "") for stem, prefix in words]
        end = "" if words[-1][1] or unspaced else " "
        tail = re.compile((" " if not (infix or unspaced) else "") + " ".join(parts) + end)
    elif not words[-1][1] and not unspaced:
        key += " "
    if not (infix or unspaced):
        key = " " + key
    return key, tail


class TermMatcher:
    """All terms of one rule set; `find` counts the terms present in a text."""

    def __init__(self, terms: list[str], separate: frozenset[str] = frozenset()) -> None:
        """`separate`: terms that neither hide nor are hidden by the others (frame cues beside topic words)."""
        keys: dict[str, list[Term]] = {}
        for term in dict.fromkeys(normalize(t) for t in terms):
            key, tail = compile_term(term)
            if not key:
                continue
            closing = int(tail.pattern.endswith(" ") if tail else key.endswith(" "))
            keys.setdefault(key, []).append(Term(term, tail, int(term in separate), closing))
        self._automaton = AhoCorasick(list(keys), implementation=Implementation.DFA)
        # Per key (by index), its terms as `find` builds spans from them: most are whole words or
        # stems, done in one comprehension; the few with a tail after a prefix word need its regex.
        self._plain = tuple(tuple((1 + t.closing, t.text, t.family) for t in compiled if t.tail is None)
                            for compiled in keys.values())
        self._tailed = tuple(tuple((t.tail, 1 + t.closing, t.text, t.family) for t in compiled if t.tail is not None)
                             for compiled in keys.values())
        self._any_tailed = any(self._tailed)
        self._empty = not keys

    def find(self, text: str, lead_chars: int = 0, lead_weight: float = 1.0) -> dict[str, float]:
        """How often each term (by its folded spelling) occurs in `text` (as written, or already
        normalised), a match starting within about the first `lead_chars` counting `lead_weight` times.

        A match inside a longer matched term does not count again: "премьер-министр" is one piece
        of evidence, not also "министр"; "trade union" is labour, not also "trade"."""
        if self._empty or not text:
            return {}
        spaced = _matchable(text)
        hits = self._automaton.find_matches_as_indexes(spaced, overlapping=True)
        # (start, -stop, key, family); a closing space is not part of the span.
        plain = self._plain
        spans = [(start, ending - end, key, family) for index, start, end in hits for ending, key, family in plain[index]]
        if self._any_tailed:
            tailed = self._tailed
            spans += [(start, ending - matched.end(), key, family) for index, start, _ in hits
                      for tail, ending, key, family in tailed[index] if (matched := tail.match(spaced, start))]
        if not spans:
            return {}
        spans.sort()
        found: dict[str, float] = {}
        count = found.get
        # Per family, the start and the negated stop of the last longest match: stops stay negated
        # as in the spans, which saves a negation per span on this loop of ~120 spans an article.
        covered_start, covered_neg_stop = [-1, -1], [1, 1]
        for start, neg_stop, key, family in spans:
            if neg_stop >= covered_neg_stop[family]:  # ends within the covering match
                if neg_stop != covered_neg_stop[family] or start != covered_start[family]:
                    continue
            else:
                covered_start[family], covered_neg_stop[family] = start, neg_stop
            found[key] = count(key, 0.0) + (lead_weight if start < lead_chars else 1.0)
        return found
