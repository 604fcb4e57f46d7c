"""Language-independent fingerprints of an article: numbers and consonant skeletons of its words.

A translation keeps numbers, dates and names; transliterated to ASCII (anyascii) and reduced to
their first consonants, "Зась", "Zas" and "Ζας" meet, as do "Reuters", "Рейтер" and "রয়টার্স". Common
words of one language also yield skeletons, but a window-wide rarity weight (see cluster.py) makes
them count for little. Arabic writes the article onto the name ("الكرملين", al-Kremlin: "lkr" where
"Кремль" gives "krm"), so an Arabic word with an article also yields the skeleton of the word without it.
Names with two consonants ("Hasina", "হাসিনা", "Aktau") would have no skeleton; a word of at least
SHORT_NAME_WORD letters with two gives a short one, marked SHORT_MARK: such skeletons are common, so
they count as evidence two articles share but not in an article's own weight (cluster.py), where
Bengali and Hindi words, rich in vowels, would make every article look longer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from anyascii import anyascii

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = str.maketrans("", "", "aeiouyhw'")
_CONSONANT_CLASSES = str.maketrans({"q": "k", "c": "k", "g": "k", "v": "b", "p": "b", "f": "b", "z": "s",
                                    "x": "s", "j": "d", "d": "t"})
SKELETON_LENGTH = 3
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# The Arabic article and the clitics written before it ("and the", "so the", "with the", "for the").
ARABIC_ARTICLES = ("وال", "فال", "بال", "لل", "ال")
MIN_WORD = 4
# anyascii writes the Bengali and Devanagari anusvara as "m" ("বাংলাদেশ" bamlades, "बांग्लादेश" bamglades),
# where other scripts write a nasal before the consonant that follows: as "ng" in Bengali, whose
# anusvara carries the g, and "n" in Devanagari, which writes the g after it. Both then give "bnk",
# as "Bangladesh" and "Бангладеш" do.
_ANUSVARA = str.maketrans({"\u0982": "\u0999\u09cd\u0997", "\u0902": "\u0928"})
SHORT_NAME_WORD = 5  # 4 let in so many words that same-language F1 on stories_more fell (eval/README.md)
SHORT_MARK = "~"  # sorts after every other feature character (a-z, 0-9, "#")
# Characters of the text read: who, what, where, when and the figures are in the lead, which reprints
# and translations keep; splitting whole articles into words was most of the fingerprinting time.
# (The evaluation excerpts are all shorter than this, so they do not measure the cut.)
LEAD = 1500


@lru_cache(maxsize=200_000)
def _token_features(token: str) -> tuple[str, ...]:
    """Features of one whitespace-separated token, punctuation and all (cached: news vocabulary
    repeats, transliteration is the costly part)."""
    features = []
    written = anyascii(_without_article(token).translate(_ANUSVARA)).lower()
    if ARABIC_LETTER.search(token):  # anyascii writes the hamza as "'", which cut "رئيسي" (Raisi) in two
        written = written.replace("'", "")
    for ascii_word in _ASCII_WORD.findall(written):
        if ascii_word.isdigit():
            if len(ascii_word) >= 2:
                features.append("#" + ascii_word.lstrip("0"))
            continue
        if len(ascii_word) < MIN_WORD:
            continue
        consonants = ascii_word.translate(_VOWELS).translate(_CONSONANT_CLASSES)
        skeleton = re.sub(r"(.)\1+", r"\1", consonants)[:SKELETON_LENGTH]
        if len(skeleton) == SKELETON_LENGTH:
            features.append(skeleton)
        elif len(skeleton) == 2 and len(ascii_word) >= SHORT_NAME_WORD:
            features.append(SHORT_MARK + skeleton)
    return tuple(features)


def _without_article(token: str) -> str:
    """An Arabic word with an article, followed by the word without it; any other token as it is. Both
    are kept: the article-less skeleton meets other scripts', and the whole word's may be the only one
    (the rest of "الروسي" is too short for a skeleton)."""
    if ARABIC_LETTER.match(token):
        for article in ARABIC_ARTICLES:
            if token.startswith(article) and len(token) > len(article) + 2:
                return f"{token} {token[len(article):]}"
    return token


def read_words(title: str, text: str) -> set[str]:
    """The distinct whitespace-separated tokens of the title and the lead of the text, punctuation and all:
    split once, for the fingerprint and the event classes (events.py) both."""
    return set(f"{title}\n{text[:LEAD]}".split())


def features_of(words: set[str]) -> frozenset[str]:
    """The fingerprint of `read_words`. Punctuation is dropped after transliteration: a word regex over
    the text was two thirds of the clustering time, and it cut words at combining marks it did not list
    (Arabic shadda: "جمّدت" became two words)."""
    return frozenset(chain.from_iterable(map(_token_features, words)))


def fingerprint(title: str, text: str) -> frozenset[str]:
    """The set of features of the title and the lead of the text."""
    return features_of(read_words(title, text))


def weighs(feature: str) -> bool:
    """Whether a feature counts in an article's own weight (a short skeleton does not)."""
    return not feature.startswith(SHORT_MARK)
