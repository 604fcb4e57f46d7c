"""Find rule terms in text fast: one Aho-Corasick automaton per language, built once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

# Letters plus the combining vowel signs of Indic scripts (Mn/Mc), which str.isalnum() rejects.
_WORD_CHAR = r"[\w\u0900-\u0dff]"
_WORD_RE = re.compile(_WORD_CHAR)
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


@lru_cache(maxsize=8192)
def _is_word_char(ch: str) -> bool:
    return bool(_WORD_RE.match(ch))


@dataclass(frozen=True)
class Term:
    """A compiled term: its literal head for the automaton and how to check the rest."""

    text: str               # the folded spelling, reported as evidence and used as the rule key
    left: bool              # must start at a word boundary
    right: bool             # must end at a word boundary (single exact word)
    tail: re.Pattern[str] | None  # multi-word terms: the whole term, matched at the head's start


@lru_cache(maxsize=None)
def compile_term(term: str) -> tuple[str, Term]:
    """(head literal for the automaton, Term) for a term in rule syntax."""
    folded = normalize(term)
    unspaced = bool(_UNSPACED.search(folded))
    infix = folded.startswith("~")
    words = folded.lstrip("~").split(" ")
    head = words[0].rstrip("*")
    tail = None
    if len(words) > 1:
        parts = [re.escape(w.rstrip("*")) + (f"{_WORD_CHAR}*" if w.endswith("*") else "") for w in words]
        end = "" if words[-1].endswith("*") or unspaced else f"(?!{_WORD_CHAR})"
        tail = re.compile(r"\s+".join(parts) + end)
    single_exact = len(words) == 1 and not words[0].endswith("*")
    return head, Term(folded, left=not (infix or unspaced), right=single_exact and not unspaced, tail=tail)


class TermMatcher:
    """All terms of one rule set; `find` counts the terms present in a normalised text."""

    def __init__(self, terms: list[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        heads: dict[str, list[Term]] = {}
        for term in dict.fromkeys(normalize(t) for t in terms):
            head, compiled = compile_term(term)
            heads.setdefault(head, []).append(compiled)
        for head, compiled in heads.items():
            self._automaton.add_word(head, (len(head), tuple(compiled)))
        self._empty = not heads
        if heads:
            self._automaton.make_automaton()

    def find(self, text: str) -> dict[str, int]:
        """How often each term (by its folded spelling) occurs in `text` (already normalised).

        A match inside a longer matched term does not count again: "премьер-министр" is one piece
        of evidence, not also "министр"; "trade union" is labour, not also "trade"."""
        if self._empty or not text:
            return {}
        last = len(text) - 1
        is_word = _is_word_char
        spans = []
        for end, (length, terms) in self._automaton.iter(text):
            start = end - length + 1
            before_ok = start == 0 or not is_word(text[start - 1])
            for term in terms:
                if term.left and not before_ok:
                    continue
                stop = end + 1
                if term.tail is not None:
                    matched = term.tail.match(text, start)
                    if matched is None:
                        continue
                    stop = matched.end()
                elif term.right and end < last and is_word(text[end + 1]):
                    continue
                spans.append((start, -stop, term.text))
        spans.sort()
        found: dict[str, int] = {}
        covered_start = covered_until = -1
        for start, neg_stop, key in spans:
            stop = -neg_stop
            if stop <= covered_until and not (start == covered_start and stop == covered_until):
                continue
            if stop > covered_until:
                covered_start, covered_until = start, stop
            found[key] = found.get(key, 0) + 1
        return found
