"""Text analysis of the embedded engine, in Python so indexing and querying share one function.

It mirrors the Elasticsearch design (deploy/elasticsearch): a language-neutral form of every word
(Unicode word tokens, CJK ideographs one by one as the standard tokenizer does, lower case, `ё` -> `е`,
Latin diacritics folded to ASCII) finds exact words in any script, and a stemmed form prefixed by
the article's language (`ru:войн`) finds inflected forms, like the per-language `*_i18n.<lang>`
sub-fields. Stems come from PyStemmer's Snowball stemmers, the algorithms Elasticsearch's
language analyzers use, for the languages both have, plus the ones only PyStemmer has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import regex
import Stemmer

# CJK ideographs and kana are single-character tokens (what Elasticsearch's standard tokenizer does);
# every other run of letters, marks (Bengali/Devanagari vowel signs) and digits is one word, with
# inner apostrophes kept ("don't", "l'OTSC" stays split at the apostrophe like UAX #29 does for Latin).
_TOKEN = regex.compile(r"(?V1)[\p{Han}\p{Hiragana}]|[[\p{L}\p{M}\p{N}]--[\p{Han}\p{Hiragana}]]+(?:['’][\p{L}\p{M}\p{N}]+)*")

# Snowball algorithms by ISO 639-1 code. Elasticsearch has analyzers for en ru de fr es it pt tr ar fa
# hi hy; the others are stemmed here only (search in those languages finds more than on Elasticsearch).
STEMMERS = {"en": "english", "ru": "russian", "de": "german", "fr": "french", "es": "spanish",
            "it": "italian", "pt": "portuguese", "tr": "turkish", "ar": "arabic", "fa": "persian",
            "hi": "hindi", "hy": "armenian", "pl": "polish", "sr": "serbian", "id": "indonesian",
            "nl": "dutch", "sv": "swedish", "ro": "romanian", "cs": "czech", "el": "greek",
            "hu": "hungarian", "fi": "finnish", "da": "danish", "no": "norwegian", "ne": "nepali",
            "ca": "catalan", "lt": "lithuanian", "et": "estonian", "ta": "tamil"}
_FOLD_EXTRA = {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
               "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i", "ё": "е", "Ё": "е"}


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> ASCII (Elasticsearch's asciifolding for the Latin blocks)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base.isascii() and base and base != chr(code):
            table[code] = base.lower()
    table.update({ord(char): folded for char, folded in _FOLD_EXTRA.items()})
    return table


_FOLD = _fold_table()


def neutral(word: str) -> str:
    """The language-neutral form of one token: lower case, ё -> е, Latin diacritics folded."""
    return word.lower().translate(_FOLD)


def tokens_with_offsets(text: str) -> Iterator[tuple[str, int, int]]:
    """(neutral form, start, end) of every word of `text`, offsets into the original string."""
    for match in _TOKEN.finditer(text):
        yield neutral(match.group()), match.start(), match.end()


def tokens(text: str) -> list[str]:
    return [neutral(match.group()) for match in _TOKEN.finditer(text)]


@lru_cache(maxsize=None)
def stemmer_for(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[lang])


def stems(lang: str, words: list[str]) -> list[str]:
    """Language-prefixed stems of neutral tokens (`ru:операц`), for the stemmed fields."""
    return [f"{lang}:{stem}" for stem in stemmer_for(lang).stemWords(words)]


def stemmed_languages(wanted: frozenset[str] | set[str] | None = None) -> list[str]:
    """Languages with a stemmer, limited to `wanted` when the search is filtered by language."""
    return sorted(STEMMERS if wanted is None else set(STEMMERS) & set(wanted))
