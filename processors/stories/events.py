"""What kind of event an article reports: the event classes of data/event_classes.yaml its words name.

Fingerprints (fingerprints.py) see names, numbers and dates, which two same-day stories on the same
actors share; the event words are what differ ("decree" and "swap", "attack" and "detained"). An
article gets two sets of classes, as bit masks: those its lead names (the title and first sentence:
the event it reports) and those its whole read text names (it may recall earlier events). cluster.py
keeps two articles apart when both leads name events and neither's is mentioned in the other, and its
pair model (pair_model.py) lets time apart count less when their events agree. Whether the lead announces what is still to come ("will
sign", "состоится") is read from the same lexicon: an announcement and the event it announces, hours
or days apart, are two stories (cluster.py); so is whether it reports a reaction ("commented on",
"requested"): another actor's answer to the event, published after it. The classes an article's lead names are also features of
its fingerprint ("!crash"): a class is one word in every language, so a Russian and an Arabic report of
one crash share it where their words share no skeleton, and a same-day story on the same actors that
leads with another kind of event carries a feature the first one lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_
from pathlib import Path
from typing import NamedTuple

from mediamon.datafile import load_yaml, where
from mediamon.errors import ConfigError
from processors.stories.fingerprints import ARABIC_ARTICLES, ARABIC_LETTER, read_words

EVENTS_FILE = Path(__file__).with_name("data") / "event_classes.yaml"
PLACES_FILE = Path(__file__).with_name("data") / "places.yaml"
# A city's bit is its index plus this: the classes' and the cities' bits come from one word lookup.
PLACE_SHIFT = 64
# Arabic clitics written onto the next word: "and", "so", "with", "for", "the", and their pairs.
_ARABIC_CLITICS = (*ARABIC_ARTICLES, "و", "ف", "ب", "ل")
# Arabic-script spellings that vary between sites: short vowels and tanween ("حداداً"), hamza on alef
# ("إطلاق" / "اطلاق"), Arabic yeh and kaf in Persian text ("تيراندازي"). Forms and words meet without them.
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ي": "ی", "ى": "ی", "ك": "ک"})
# The danda (Bengali, Hindi) and the Arabic comma end a word as "." and "," do.
_EDGE_PUNCTUATION = "।،\"'«»“”„‘’()[]{}<>.,:;!?…—–-|/*#"
# The lead ends at the first sentence end past this many characters (a dateline such as "MOSCOW,
# 6 Jan. /TASS/." is not a sentence), and at most LEAD_MAX characters in.
_SENTENCE_END = re.compile(r"[.!?।؟\n]\s")
LEAD_MIN = 40
LEAD_MAX = 300


def _spelling(word: str) -> str:
    """One spelling for an Arabic-script word (see _ARABIC_MARKS); other scripts as they are."""
    return _ARABIC_MARKS.sub("", word).translate(ARABIC_LETTERS) if ARABIC_LETTER.search(word) else word


@dataclass(frozen=True)
class Lexicon:
    """Class names (a class's bit is its index), the forms that name each class, the bits of the
    announcement, reaction and meeting forms (the three after the classes'), the mask of the formats of
    gatherings of more than two (one bit each, after those) and the mask of the classes that name such a
    gathering (`multilateral_classes`)."""

    names: tuple[str, ...]
    words: dict[str, int]  # whole word -> bit mask
    stems: dict[str, int]  # stem -> bit mask (a word starting with it matches)
    stem_lengths: tuple[int, ...]
    announcement: int
    reaction: int
    meeting: int
    multilateral: int
    multilateral_classes: int
    places: int  # the mask of every city's bit (data/places.yaml)


class Events(NamedTuple):
    """What an article's words say about its event: the classes its lead names, those its title and read
    text name (bit masks), whether its lead announces what is still to come ("will sign"), whether it
    reports a reaction to an event ("commented on"), and the cities its lead and its read text name (bit
    masks of data/places.yaml, shifted down by PLACE_SHIFT)."""

    lead: int
    whole: int
    announces: bool
    reacts: bool
    lead_places: int = 0
    places: int = 0


def load_lexicon(path: Path = EVENTS_FILE, places_path: Path = PLACES_FILE) -> Lexicon:
    data = load_yaml(path)
    classes = data.get("classes") if isinstance(data, dict) else None
    if not isinstance(classes, dict) or not classes:
        raise ConfigError(f"{path}: expected a mapping of event classes under 'classes'")
    formats = data.get("multilateral", {})
    if not isinstance(formats, dict):
        raise ConfigError(f"{where(path, formats, data)}: 'multilateral' needs forms per format and language")
    if len(classes) + len(formats) > 60:
        raise ConfigError(f"{path}: at most 60 event classes and formats (one bit each in an int64, with the "
                          "announcement, reaction and meeting bits)")
    words: dict[str, int] = {}
    stems: dict[str, int] = {}
    for index, (name, by_lang) in enumerate(classes.items()):
        if not isinstance(by_lang, dict) or not by_lang:
            raise ConfigError(f"{where(path, by_lang, classes)}: class {name!r} needs forms per language")
        _add_forms(path, name, by_lang, 1 << index, words, stems)
    for offset, section in enumerate(("announcement", "reaction", "meeting")):
        forms = data.get(section, {})
        if not isinstance(forms, dict):
            raise ConfigError(f"{where(path, forms, data)}: {section!r} needs forms per language")
        _add_forms(path, section, forms, 1 << (len(classes) + offset), words, stems)
    first_format = len(classes) + 3
    for offset, (name, by_lang) in enumerate(formats.items()):
        if not isinstance(by_lang, dict) or not by_lang:
            raise ConfigError(f"{where(path, by_lang, formats)}: format {name!r} needs forms per language")
        _add_forms(path, name, by_lang, 1 << (first_format + offset), words, stems)
    cities = load_yaml(places_path)
    cities = cities.get("cities") if isinstance(cities, dict) else None
    if not isinstance(cities, dict) or len(cities) > 60:
        raise ConfigError(f"{places_path}: expected a mapping of at most 60 cities under 'cities'")
    for index, (name, by_lang) in enumerate(cities.items()):
        if not isinstance(by_lang, dict) or not by_lang:
            raise ConfigError(f"{where(places_path, by_lang, cities)}: city {name!r} needs forms per language")
        _add_forms(places_path, name, by_lang, 1 << (PLACE_SHIFT + index), words, stems)
    gatherings = data.get("multilateral_classes", [])
    if not isinstance(gatherings, list) or not set(gatherings) <= set(classes):
        raise ConfigError(f"{where(path, gatherings, data)}: 'multilateral_classes' must list classes")
    return Lexicon(tuple(classes), words, stems, tuple(sorted({len(s) for s in stems})),
                   *(1 << (len(classes) + offset) for offset in range(3)),
                   ((1 << len(formats)) - 1) << first_format,
                   reduce(or_, (1 << list(classes).index(name) for name in gatherings), 0),
                   ((1 << len(cities)) - 1) << PLACE_SHIFT)


def _add_forms(path: Path, name: str, by_lang: dict[str, object], bit: int, words: dict[str, int],
               stems: dict[str, int]) -> None:
    """Add the forms of one class (per language) to the word and stem tables under `bit`."""
    for lang, forms in by_lang.items():
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise ConfigError(f"{where(path, forms, by_lang)}: {name}.{lang} must be a list of words")
        for written in forms:
            form = _spelling(written.strip().lower())
            if " " in form:
                raise ConfigError(f"{where(path, written, forms)}: {form!r}: one word per form")
            table, key = (stems, form[:-1]) if form.endswith("-") else (words, form)
            table[key] = table.get(key, 0) | bit


_LEXICON = load_lexicon()


@lru_cache(maxsize=200_000)
def _word_classes(token: str) -> int:
    """The classes and cities one whitespace-separated token names (cached: news vocabulary repeats).
    A word in capitals names no city: it is a dateline ("МОСКВА, 6 янв"), where the outlet is."""
    bare = token.strip(_EDGE_PUNCTUATION)
    word = _spelling(bare.lower())
    forms = [word]
    if ARABIC_LETTER.match(word):
        forms += [word[len(c):] for c in _ARABIC_CLITICS if word.startswith(c) and len(word) > len(c) + 2]
    mask = 0
    for form in forms:
        mask |= _LEXICON.words.get(form, 0)
        for length in _LEXICON.stem_lengths:
            if length > len(form):
                break
            mask |= _LEXICON.stems.get(form[:length], 0)
    return mask & ~_LEXICON.places if bare.isupper() and len(bare) > 1 else mask


def _classes(words: Iterable[str]) -> int:
    return reduce(or_, map(_word_classes, words), 0)


def lead_of(title: str, text: str) -> str:
    """The title and the text's first sentence."""
    end = _SENTENCE_END.search(text, LEAD_MIN, LEAD_MAX)
    return f"{title}\n{text[:end.end() if end else LEAD_MAX]}"


def event_classes(title: str, text: str, words: set[str] | None = None) -> Events:
    """The article's `Events`. `words` are the read words (fingerprints.read_words) when the caller has
    them already."""
    whole = _classes(read_words(title, text) if words is None else words)
    # The lead is read within the text's read part, so it names no event when the whole names none
    # (nor a city then: two leads must name one kind of event for their cities to matter, cluster.py).
    lead = _classes(lead_of(title, text).split()) if whole & ~_LEXICON.places else 0
    if lead & (_LEXICON.multilateral | _LEXICON.multilateral_classes):
        lead &= ~_LEXICON.meeting  # "the meeting of the CSTO leaders" is the summit, no bilateral meeting
    stances = _LEXICON.announcement | _LEXICON.reaction
    return Events(lead & ~stances & ~_LEXICON.places, whole & ~stances & ~_LEXICON.places,
                  bool(lead & _LEXICON.announcement), bool(lead & _LEXICON.reaction),
                  lead >> PLACE_SHIFT, whole >> PLACE_SHIFT)


# The bit of a lead that reports a meeting and names no gathering of more than two (a bilateral meeting,
# "Putin and Aliyev met in Dushanbe"), and of a text that names a meeting at all. It keeps such a lead apart
# from one that leads with a summit the meeting's text never names (cluster.py), but two meetings never
# agree on it, nor is it a fingerprint feature: most meetings between leaders are different stories.
MEETING = _LEXICON.meeting
# The bits of the formats a lead or text names ("the CIS summit", "the Central Asia–Russia summit"). Two
# leads that name formats, neither named anywhere in the other, report two gatherings (cluster.py); a
# format is no event class: it neither makes two articles agree nor is a fingerprint feature.
FORMATS = _LEXICON.multilateral

CLASS_MARK = "!"  # sorts before every other feature character (a-z, 0-9, "#", "~")
_CLASS_FEATURES = tuple(CLASS_MARK + name for name in _LEXICON.names)


def class_features(mask: int) -> list[str]:
    """The fingerprint features of the classes in `mask` (see the module's docstring)."""
    if not mask:  # most articles' leads name no class
        return []
    return [feature for bit, feature in enumerate(_CLASS_FEATURES) if mask >> bit & 1]


def class_names(mask: int) -> list[str]:
    return [name for bit, name in enumerate(_LEXICON.names) if mask >> bit & 1]
