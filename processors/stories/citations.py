"""Who an article credits: outlet names next to a credit cue ("сообщает ТАСС", "according to
Reuters", "রয়টার্সের প্রতিবেদন অনুযায়ী") or standing as a dateline ("(Reuters) -", "/ТАСС/").

One Aho-Corasick pass over the lower-cased text finds outlet names and cues together, so the cost
stays a small fraction of enrichment. A bare mention ("Reuters is a British agency") is not a
credit: it needs a cue in the same sentence within the configured window, or the dateline form.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from mediamon.records import CitedSource
from processors.stories.outlets import Cues, Outlet, load_cues, load_outlets

# Length-preserving folds so that spelling variants meet: Arabic/Persian yeh and kaf, ZWNJ inside
# Persian names, Uzbek apostrophes, ё. (str.replace per present character: str.translate with a
# table costs more than the whole Aho-Corasick pass on non-Latin text.)
_FOLD = (("ی", "ي"), ("ى", "ي"), ("ک", "ك"), ("\u200c", " "), ("ʼ", "'"), ("’", "'"), ("‘", "'"), ("ʻ", "'"),
         ("ё", "е"), ("«", '"'), ("»", '"'), ("„", '"'), ("“", '"'), ("”", '"'))
# Bengali YA with nukta: one precomposed code point or two; names are added in both spellings.
_BENGALI_YYA = ("\u09df", "\u09af\u09bc")
_ARABIC_CLITICS = frozenset("وبلفك")
_SENTENCE_ENDS = (". ", "! ", "? ", "।", "\n", "؟")
_DATELINE_OPEN = "(/"
_DATELINE_CLOSE = ")/"
_DATELINE_AFTER = ("-", "–", "—", ".", ":", "")
_MAX_INFLECTION = 5  # letters glued after a name: ТАССа, রয়টার্সের, Reuters'
_SHORT = 3           # names this short match only exactly as written (AP, RT, DW)


def fold(text: str) -> str:
    """Lower case with the same length as `text`, so match offsets are offsets into the original."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower()[0] for char in text)
    for char, replacement in _FOLD:
        if char in lowered:
            lowered = lowered.replace(char, replacement)
    return lowered


def _is_letter(char: str) -> bool:
    """Letters and marks (Bengali vowel signs) glue words; tatweel and CJK ideographs (no spaces
    between words in Chinese) do not."""
    return char != "ـ" and not "\u4e00" <= char <= "\u9fff" and unicodedata.category(char)[0] in "LM"


@dataclass(frozen=True)
class _Name:
    outlet: str
    written: str

    @property
    def exact(self) -> bool:
        return len(self.written) <= _SHORT

    @property
    def capitalised(self) -> bool:
        return self.written[0].isupper()


@dataclass(frozen=True)
class _Cue:
    stem: bool


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    name: _Name | None  # None for a cue


def _spellings(name: str) -> set[str]:
    spellings = {name, unicodedata.normalize("NFC", name)}
    for form in list(spellings):
        spellings.add(form.replace(*_BENGALI_YYA))
        spellings.add(form.replace(_BENGALI_YYA[1], _BENGALI_YYA[0]))
    return spellings


class CitationExtractor:
    """Built once from the data files; `extract` is pure and thread-safe."""

    def __init__(self, outlets: list[Outlet], cues: Cues) -> None:
        self.outlets = {outlet.id: outlet for outlet in outlets}
        self.window_before, self.window_after = cues.window_before, cues.window_after
        names: dict[str, list[_Name | _Cue]] = {}
        for outlet in outlets:
            for written in outlet.names:
                for spelling in _spellings(written):
                    names.setdefault(fold(spelling), []).append(_Name(outlet.id, spelling))
        words: dict[str, list[_Name | _Cue]] = {}
        for cue_words in cues.by_lang.values():
            for word in cue_words:
                stem = word.endswith("-")
                for spelling in _spellings(word.rstrip("-")):
                    words.setdefault(fold(spelling), []).append(_Cue(stem))
        # Names are looked for in the whole text, cues only around the (few) names found.
        self._names, self._cues = _automaton(names), _automaton(words)
        self._longest_cue = max(map(len, words), default=0)

    def extract(self, title: str, text: str) -> list[CitedSource]:
        """Cited outlets of title and text: the first credit of each outlet per field."""
        return self._field("title", title) + self._field("text", text)

    def _field(self, field: str, text: str) -> list[CitedSource]:
        if not text:
            return []
        folded = fold(text)
        cited: dict[str, CitedSource] = {}
        for hit in self._hits(self._names, text, folded, 0, len(folded)):
            assert hit.name is not None
            if hit.name.outlet not in cited and (self._dateline(text, hit) or self._near_cue(text, folded, hit)):
                cited[hit.name.outlet] = CitedSource(outlet=hit.name.outlet, surface=text[hit.start:hit.end],
                                                     start=hit.start, end=hit.end, field=field)
        return list(cited.values())

    @staticmethod
    def _hits(automaton: ahocorasick.Automaton, text: str, folded: str, begin: int, stop: int) -> list[_Hit]:
        names: list[_Hit] = []
        cues: list[_Hit] = []
        for last, (length, payloads) in automaton.iter(folded, begin, stop):
            start, end = last + 1 - length, last + 1
            if not _left_boundary(folded, start):
                continue
            for payload in payloads:
                if isinstance(payload, _Cue):
                    if payload.stem or end == len(folded) or not _is_letter(folded[end]):
                        cues.append(_Hit(start, end, None))
                    continue
                name_end = _name_end(folded, end, payload)
                if name_end is not None and _written_as_listed(text, start, end, payload):
                    names.append(_Hit(start, name_end, payload))
        return _longest_first(names) + cues  # an automaton holds names or cues, not both

    @staticmethod
    def _dateline(text: str, hit: _Hit) -> bool:
        before = text[:hit.start].rstrip(" ")
        after = text[hit.end:].lstrip(" ")
        # "(Reuters) -", "/ТАСС/." but not a gloss "ராய்ட்டர்ஸ் (Reuters) என்னும்".
        if before and before[-1] in _DATELINE_OPEN and after[:1] in _DATELINE_CLOSE and after:
            return after[1:].lstrip(" ")[:1] in _DATELINE_AFTER
        # "AFP. …", "Reuters: …", "— ТАСС" opening or closing a field.
        at_line_start = not before or before.endswith("\n")
        return (at_line_start and after[:1] in (".", ":")) or (before.endswith(("—", "–")) and not after.strip())

    def _near_cue(self, text: str, folded: str, hit: _Hit) -> bool:
        begin = max(0, hit.start - self.window_before - self._longest_cue)
        stop = min(len(folded), hit.end + self.window_after + self._longest_cue)
        for cue in self._hits(self._cues, text, folded, begin, stop):
            if cue.end <= hit.start and hit.start - cue.end <= self.window_before:
                gap = text[cue.end:hit.start]
            elif cue.start >= hit.end and cue.start - hit.end <= self.window_after:
                gap = text[hit.end:cue.start]
            else:
                continue
            if not any(stop in gap for stop in _SENTENCE_ENDS):
                return True
        return False


def _automaton(entries: dict[str, list[_Name | _Cue]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, payloads in entries.items():
        automaton.add_word(key, (len(key), tuple(dict.fromkeys(payloads))))
    automaton.make_automaton()
    return automaton


def _left_boundary(folded: str, start: int) -> bool:
    if start == 0 or not _is_letter(folded[start - 1]):
        return True
    # An Arabic clitic glued to the word (ورويترز, لرويترز) but not a letter in the middle of a word.
    return folded[start - 1] in _ARABIC_CLITICS and (start == 1 or not _is_letter(folded[start - 2]))


def _name_end(folded: str, end: int, name: _Name) -> int | None:
    """Where the name ends with its inflection, or None if it is only part of a longer word."""
    if end == len(folded) or not _is_letter(folded[end]):
        return end
    if name.exact:
        return None
    stop = end
    while stop < len(folded) and _is_letter(folded[stop]):
        stop += 1
        if stop - end > _MAX_INFLECTION:
            return None
    return stop


def _written_as_listed(text: str, start: int, end: int, name: _Name) -> bool:
    """Short names exactly as listed; capitalised names capitalised (Дождь the channel, not дождь)."""
    if name.exact:
        return text[start:end] == name.written
    return not name.capitalised or not text[start].isalpha() or text[start].isupper()


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Drop names inside a longer name found at an overlapping place (Рейтер inside Рейтерс)."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


@lru_cache(maxsize=1)
def default_extractor() -> CitationExtractor:
    return CitationExtractor(load_outlets(), load_cues())


def extract_citations(title: str, text: str) -> list[CitedSource]:
    return default_extractor().extract(title, text)
