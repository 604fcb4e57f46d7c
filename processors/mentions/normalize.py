"""Text normalisation for matching, with a map from normalised offsets back to the original text.

Matching runs on a folded copy of the text: NFKC, lower case that is right for Turkish (İ/I/ı all
fold to "i" so one pattern serves every language), Latin/Cyrillic/Greek look-alikes folded to one
skeleton letter (a Latin "O" inside "OДКБ" still matches), quotes and dashes unified, invisible
characters (soft hyphen, zero-width, bidi marks, Arabic tatweel and short vowels, stress marks) removed. Most
texts keep one normalised character per original character; then the offset map is the identity
and normalising is a single `str.translate`. Only texts with characters that expand or vanish pay
for a segment map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import numpy as np

# Cyrillic and Greek lower-case letters that look like a Latin letter in upper or lower case.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "һ": "h",
    "ӏ": "l", "α": "a", "ο": "o", "ρ": "p", "τ": "t", "κ": "k", "ν": "v", "υ": "u", "χ": "x",
    "ι": "i", "ε": "e",
}
# Letters spelled two ways across Arabic-script languages (Persian yeh/kaf, hamza-carrying alefs).
_ARABIC = {"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ۀ": "ه"}
# Romanian s/t with a comma below are still often typed with the cedilla of older keyboards and
# encodings ("invaziei ruseşti" beside "rusești"): both spellings fold to the cedilla letter, which
# Turkish and Azerbaijani use anyway.
_COMMA_BELOW = {"ș": "ş", "ț": "ţ"}
_PUNCT = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹣": "-", "－": "-",
}
# Turkish dotted/dotless i fold to plain "i"; ß stays one letter so offsets stay put.
_CASE = {"İ": "i", "I": "i", "ı": "i", "ß": "ß", "ẞ": "ß"}
_INVISIBLE = ("\u00ad\u034f\u061c\u0640\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
              "\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
# Stress marks (combining grave and acute) that dictionaries, textbooks and some sites put on Cyrillic
# vowels ("Росі́йсько-украї́нська"): no precomposed letter exists, so NFKC leaves them in the word.
_STRESS_MARKS = "\u0300\u0301"
# Arabic short vowels and Quranic marks: written only sometimes, never part of a pattern.
_ARABIC_MARKS = "".join(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)))


def _fold_char(ch: str) -> str:
    """What one code point becomes in the normalised text (may be empty or several chars)."""
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return "\ufffd"  # a lone surrogate (from a bad decoder) must not break matching or encoding
    if ch in _CASE:
        return _CASE[ch]
    if ch in _INVISIBLE or ch in _ARABIC_MARKS or ch in _STRESS_MARKS:
        return ""
    out = []
    for part in unicodedata.normalize("NFKC", ch):
        part = _CASE.get(part) or part.lower()
        for low in part:
            out.append(_HOMOGLYPHS.get(low) or _ARABIC.get(low) or _PUNCT.get(low) or _COMMA_BELOW.get(low) or low)
    return "".join(out)


def _build_tables() -> tuple[list[str], str]:
    """Translate table for the BMP and the class of chars that do not map 1:1.

    The table is a list indexed by code point, not a dict: `str.translate` then never raises and
    swallows a KeyError for unchanged characters, which makes it about twice as fast."""
    table: list[str] = []
    special: list[str] = []
    for code in range(0x10000):
        ch = chr(code)
        folded = _fold_char(ch)
        table.append(folded)
        if len(folded) != 1:
            special.append(ch)
    return table, _char_class(special)


def _char_class(chars: list[str]) -> str:
    """Compact regex class body of ranges, so the compiled class stays small."""
    codes = sorted(ord(c) for c in chars)
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = codes[i], codes[j]
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "".join(parts)


# Combining marks count as letters: Bengali/Devanagari vowel signs are inside words.
MARKS = frozenset(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
MARK_CLASS = _char_class(list(MARKS))


# Under this length numpy's fixed cost per call exceeds what it saves over `str.translate`.
_GATHER_MIN_CHARS = 64
# Bits of `Tables.flagged` above the folded code point: a combining mark, and a character that
# `special` finds (expands or vanishes, or lies beyond the BMP); `anything` finds either.
_CODE = 0xFFFF
_MARK = 1 << 16
_SPECIAL = 1 << 17
# And a character that may compose with the one before it (Bengali vowel signs, Devanagari nukta...):
# where one occurs, `is_normalized` cannot tell from a quick look and re-normalises the whole text.
_COMPOSES = 1 << 18


class Tables(NamedTuple):
    """Translate table and the same as an array of code points (for the characters that fold to
    one), then the finders of characters that expand or vanish: for text already in NFKC, and for
    text that is not (clusters of a base and its marks are normalised together)."""

    table: list[str]
    codes: np.ndarray
    # `codes` with the bits above; characters beyond the BMP clip to U+FFFF, which has _MARK and _SPECIAL.
    flagged: np.ndarray
    special: re.Pattern[str]
    clusters: re.Pattern[str]
    # Either finder's characters: a text with none of them folds character by character whatever
    # its form, so most texts skip the NFKC check and the finder's scan (together 2.5x this scan).
    anything: re.Pattern[str]


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Built on first use (~0.3 s), not at import, so CLI commands that never match do not pay for it."""
    table, special = _build_tables()
    codes = np.array([ord(folded) if len(folded) == 1 else 0 for folded in table], dtype=np.uint32)
    astral = "\U00010000-\U0010ffff"
    anything = re.compile(f"[{MARK_CLASS}{special}{astral}]")
    # The finders capture what they find, so that `re.split` returns it between the runs.
    special_re = re.compile(f"([{special}{astral}])")
    flagged = codes.copy()
    for finder, bit in ((re.compile(f"[{MARK_CLASS}]"), _MARK), (special_re, _SPECIAL)):
        flagged[[code for code in range(0x10000) if finder.match(chr(code))] + [0xFFFF]] |= bit
    flagged[[ord(second) for second in _second_of_compositions()]] |= _COMPOSES
    return Tables(table, codes, flagged, special_re,
                  re.compile(f"([^{MARK_CLASS}]?[{MARK_CLASS}]+|[{special}{astral}])"), anything)


def _fold_plain(text: str, table: list[str], codes: np.ndarray) -> str:
    """`text.translate(table)` for text whose every character folds to exactly one (no character
    that expands, vanishes or lies beyond the BMP). Non-ASCII text goes through one numpy gather over
    its code points: `str.translate` looks up each of them one by one, ~6x slower (issue 13)."""
    if len(text) < _GATHER_MIN_CHARS or text.isascii():
        return text.translate(table)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes.take(points).tobytes().decode("utf-32-le", "surrogatepass")


def fold(text: str) -> str:
    """Normalised form of a short string (a pattern or a cue); no offsets kept."""
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFKC", text))


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (Bengali/Devanagari vowel signs are marks) are word chars."""
    return ch.isalnum() or ch in MARKS


@dataclass
class Normalized:
    """Normalised text and the way back: segment starts in both texts, linear or collapsed."""

    text: str
    original: str
    norm_starts: list[int] = field(default_factory=list)
    orig_starts: list[int] = field(default_factory=list)
    # For a collapsed segment, the length of the original cluster it came from; 0 marks a linear run.
    cluster_len: list[int] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of a normalised span; spans never split an original character."""
        if not self.norm_starts:
            return start, end
        return self._point(start, False), self._point(end - 1, True)

    def _point(self, pos: int, is_end: bool) -> int:
        i = bisect_right(self.norm_starts, pos) - 1
        orig, width = self.orig_starts[i], self.cluster_len[i]
        if width:
            return orig + width if is_end else orig
        return orig + (pos - self.norm_starts[i]) + (1 if is_end else 0)


def normalize(text: str) -> Normalized:
    """Fold `text` for matching; the result maps every normalised span back to `text`."""
    table, codes, flagged, special_re, cluster_re, anything_re = tables()
    normal_form, marks, by_words = None, True, False
    if len(text) >= _GATHER_MIN_CHARS and not text.isascii():
        # One gather folds the text and flags what the finders would find (OR-ing the flags costs a
        # tenth of their scans): a text without such characters, or with marks only and in NFKC, is
        # folded already; one without marks needs no search for clusters (issue 13).
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        mapped = flagged.take(points, mode="clip")
        flags = int(np.bitwise_or.reduce(mapped))
        found, by_words = flags & (_MARK | _SPECIAL), bool(flags & _COMPOSES)
        if not found or (found == _MARK and (normal_form := _is_nfkc(text, by_words))):
            return Normalized((mapped & _CODE).tobytes().decode("utf-32-le", "surrogatepass"), text)
        marks = bool(found & _MARK)
    elif anything_re.search(text) is None:
        return Normalized(_fold_plain(text, table, codes), text)
    if normal_form is None:
        normal_form = _is_nfkc(text, by_words)
    # [run, piece, run, piece, ..., run]: runs fold one to one, pieces (what the finder finds) may
    # not. Without marks, the clusters' finder finds what `special` finds, at many times its cost.
    parts = (special_re if normal_form or not marks else cluster_re).split(text)
    if len(parts) == 1:
        return Normalized(_fold_plain(text, table, codes), text)
    return _segmented(text, parts, normal_form, table, codes)


def _is_nfkc(text: str, by_words: bool) -> bool:
    """Whether `text` is in NFKC. `is_normalized` re-normalises a whole text with characters that may
    compose (a Bengali one: ~140 us, issue 13), so such a text is checked `by_words`: a space is a
    boundary normalisation never reaches across (nothing composes with it, nothing reorders past
    it), so a text whose words are each in NFKC is in NFKC, and words recur from article to article."""
    if by_words and all(map(_word_is_nfkc, text.split(" "))):
        return True
    return unicodedata.is_normalized("NFKC", text)


@lru_cache(maxsize=65536)
def _word_is_nfkc(word: str) -> bool:
    return unicodedata.is_normalized("NFKC", word)


def _second_of_compositions() -> set[str]:
    """BMP characters that compose with the character before them (second of a primary composite)."""
    seconds = set()
    for code in range(0x10000):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            first, second = (chr(int(part, 16)) for part in decomposition)
            if unicodedata.normalize("NFC", first + second) == chr(code) and ord(second) < 0x10000:
                seconds.add(second)
    return seconds


def _segmented(text: str, parts: list[str], normal_form: bool, table: list[str], codes: np.ndarray) -> Normalized:
    """The folded text and its segment map from the parts of `text`. All runs fold in one call and
    the segment starts are running sums: a Python step per segment cost Armenian texts (one "և" per
    few words) five times their plain folding (issue 13)."""
    runs = parts[0::2]
    folded_runs = _fold_plain("".join(runs), table, codes)
    bounds = list(accumulate(map(len, runs), initial=0))
    folded_parts = parts.copy()
    folded_parts[0::2] = [folded_runs[start:stop] for start, stop in zip(bounds, bounds[1:])]
    folded_parts[1::2] = [_fold_piece(piece, normal_form) for piece in parts[1::2]]
    orig_lens = list(map(len, parts))
    norm_lens = list(map(len, folded_parts))
    orig_starts = list(accumulate(orig_lens, initial=0))
    norm_starts = list(accumulate(norm_lens, initial=0))
    kept = [n for n, length in enumerate(norm_lens) if length]
    return Normalized("".join(folded_parts), text, [norm_starts[n] for n in kept], [orig_starts[n] for n in kept],
                      [orig_lens[n] if n % 2 else 0 for n in kept])


@lru_cache(maxsize=4096)
def _fold_piece(piece: str, normal_form: bool) -> str:
    """A piece the finder found, folded: the same few (an Armenian "և", a Persian ZWNJ) recur in every text."""
    return fold(piece) if len(piece) > 1 or not normal_form else _fold_char(piece)
