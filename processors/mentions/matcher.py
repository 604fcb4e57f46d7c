"""One Aho-Corasick pass finds every gazetteer form and context cue in a normalised text.

The automaton holds the literal head of each form's first word (a stem such as "организаци" or an
abbreviation such as "одкб"); each hit is then confirmed by that form's compiled regex anchored at
the hit, which handles inflected endings, the following words and the word boundaries. So the cost
is one pass over the text plus a few anchored regex checks, whatever the number of patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Union

from ahocorasick_rs import AhoCorasick, Implementation

from processors.mentions.endings import open_endings
from processors.mentions.gazetteer import CueForms, GazetteerEntry, Gazetteer
from processors.mentions.normalize import fold, is_word_char

# Combining marks are letters inside words (Bengali/Devanagari vowel signs, Arabic vowels). The full
# Unicode mark class has hundreds of ranges and made compiling ~900 forms take over a second, so
# the regexes use the blocks where marks occur in our languages (minus the danda, a full stop).
_MARKS_IN_WORDS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
                   "\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u0e31-\u0e4e\u1dc0-\u1dff\u20d0-\u20ff")
_WORD = f"[^\\W_]|[{_MARKS_IN_WORDS}]"
# Words of a form may be separated by spaces, hyphens, slashes or quotes («специальной» военной).
_SEP = r"""(?:[\s\-/'"]+)"""
# In forms of other scripts also by a Latin gloss in brackets: South Asian papers add the English name after
# a word ("रूस (Russia) के आक्रमण"). Not in Latin or Cyrillic forms, where a bracket holds an abbreviation
# that is a mention of its own ("специальную военную операцию (СВО) на Украине").
_GLOSSED_SEP = rf"""(?:{_SEP}(?:\([a-z][a-z .\-]{{0,38}}\){_SEP})?)"""
# Text extracted from HTML sometimes loses the space between two words ("ОрганизацииДоговора",
# "специальнойвоенной операции"). After a stem with an open ending (`организаци*`), the next word
# may follow without a separator when at least three letters stand on each side; after a whole
# word, and around fillers (`_`), a real separator is needed.
_LOST_SPACE = r"(?<=[^\W\d_]{3})(?=[^\W\d_]{3})"
# A filler word may be a dotted date or number ("Venäjän 24.2.2022 Ukrainaan aloittaman hyökkäyksen"): the
# dots between digits do not end the word, as they would end a word of letters.
_DOTTED_NUMBER = r"(?:(?<=\d)\.\d++)*+"
_CYRILLIC = re.compile("[\u0400-\u052f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# Scripts written without spaces between words: no word-boundary check at their edges. Lao, Burmese
# and Khmer, like Thai, run a phrase's words together ("សង្គ្រាមនៅអ៊ុយក្រែន", war-in-Ukraine).
_UNSPACED = re.compile("[\u2e80-\u9fff\uac00-\ud7af\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uf900-\ufaff]")
_FIRST_UNSPACED = "\u0e00"  # the lowest code point _UNSPACED matches (Thai)
# A `,` word in a form is a comma glued to the word before it ("Russia, Ukraine war", "ரஷ்யா, உக்ரைன் போர்"):
# pairs are listed with a comma as often as with a hyphen; a bare separator never allows one.
_COMMA = r"\s?[,，]"
# After a final digit, a letter of an unspaced script does not carry the number on ("2022年").
_DIGIT_END = f"(?!(?!{_UNSPACED.pattern}){_WORD})"
# A first word written `~ebilir*` is a suffix or infix: it may stand inside a longer word (Turkish
# "gerçekleştirebileceğini", Tamil "நடத்தலாம்"), so no word boundary is required before it.
_GLUED = "~"
# How many letters of a glued clitic (Arabic وال, لل…) to look back over before giving up.
_MAX_PREFIX = 4
# A first word written `a|an<` lists words that must stand right before the form, outside its span ("a full-scale
# invasion"): one-letter keys such as "a" would be found inside every word, and checking the word before a rarer
# key costs nothing.
_BEFORE = "<"


@dataclass(frozen=True)
class Pattern:
    """A compiled form: what it belongs to and how to confirm an automaton hit."""

    owner: Union[GazetteerEntry, CueForms]
    form: str
    regex: re.Pattern[str]
    key_len: int
    check_left: bool
    script: re.Pattern[str] | None
    prefixes: frozenset[str]
    # The key is a whole word ("war", not the stem "войн*"): a letter right after it rules the form out
    # before its regex runs, which matters for short keys inside longer words ("warm", "toward").
    closed_key: bool = False
    # Words one of which must stand right before the form (`a|an<`), empty when any may.
    before: frozenset[str] = frozenset()


class _Automaton(NamedTuple):
    """Keys compiled to a DFA (the Rust `aho-corasick` crate: about 6x faster here than a trie walked
    per character), and per key (by index) its flags and patterns."""

    dfa: AhoCorasick
    values: tuple[tuple[bool, bool, tuple[Pattern, ...]], ...]


@dataclass(frozen=True)
class Hit:
    pattern: Pattern
    start: int
    end: int


class MentionMatcher:
    """Built once per gazetteer; `find` is safe to call from any number of articles.

    Entity forms and context cues live in two automata: most articles hold no candidate at all,
    and then the (far more frequent) cue words are never scanned for. Keys in scripts written
    without spaces (Chinese, Japanese, Thai: whole phrases such as 俄罗斯对乌克兰的战争, over a
    thousand of them) have automata of their own, scanned only in texts that hold such script:
    in one shared automaton they slowed the scan of every other text.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.since = gazetteer.since
        self.undated = gazetteer.undated
        self._entries = _automata(gazetteer, gazetteer.entries)
        self._cues = _automata(gazetteer, gazetteer.cues)
        self.size = sum(len(a.values) for a in (*self._entries, *self._cues))

    def find(self, text: str, cues: bool = False) -> list[Hit]:
        """Confirmed hits of entity forms (or, with `cues`, of cue words) in normalised `text`."""
        spaced, unspaced = self._cues if cues else self._entries
        if _UNSPACED.search(text) is None:
            return self._find(spaced, text)
        return self._find(spaced, text) + self._find(unspaced, text)

    @staticmethod
    def _find(automaton: _Automaton, text: str) -> list[Hit]:
        hits = []
        values = automaton.values
        for index, start, end in automaton.dfa.find_matches_as_indexes(text, overlapping=True):
            whole_words, glue_free, patterns = values[index]
            word_goes_on = end < len(text) and _continues(text[end - 1], text[end])
            if word_goes_on and whole_words:
                continue  # e.g. "war" in "warm": no form of this key can match
            # Inside a word, only a form that may follow a glued clitic (Arabic و, ال) can start here;
            # the clitic is read once per hit, as short keys occur inside many words.
            glued = start > 0 and _continues(text[start], text[start - 1])
            if glued and glue_free:
                continue
            prefix = _glued_prefix(text, start) if glued else None
            for pattern in patterns:
                if prefix is not None and pattern.check_left and prefix not in pattern.prefixes:
                    continue
                if word_goes_on and pattern.closed_key:
                    continue
                match = pattern.regex.match(text, start)
                if match and (not pattern.before or _word_before(text, start) in pattern.before):
                    hits.append(Hit(pattern, start, match.end()))
        return hits


def _automata(gazetteer: Gazetteer, owners: Sequence[Union[GazetteerEntry, CueForms]]) -> tuple[_Automaton, ...]:
    """Automata from each form's first-word literal to the patterns that start with it: keys in
    spaced scripts, then keys in scripts without spaces."""
    groups: dict[str, list[Pattern]] = {}
    for owner in owners:
        prefixes = frozenset(fold(p) for p in gazetteer.prefixes.get(owner.lang, ()))
        endings = gazetteer.endings.get(owner.lang)
        for written in owner.forms:
            try:
                before, form = _split_before(written)
                if endings is not None:
                    form = open_endings(form, endings, closed_too=isinstance(owner, CueForms))
                keys, compiled = compile_form(form)
            except ValueError as exc:
                raise ValueError(f"{owner.where}: form {written!r}: {exc}") from exc
            head = form.split()[0]
            closed = [not alt.endswith("*") for alt in head.split("|")]
            for key, whole_word in zip(keys, closed):
                spaced = not _UNSPACED.match(key[0])
                groups.setdefault(key, []).append(Pattern(
                    owner=owner, form=form, regex=compiled, key_len=len(key),
                    check_left=spaced and not head.startswith(_GLUED), script=_script(form), prefixes=prefixes,
                    closed_key=whole_word and spaced, before=before))
    by_script: tuple[dict[str, tuple[bool, bool, tuple[Pattern, ...]]], ...] = ({}, {})
    for key, patterns in groups.items():
        # Per key, decided once: all its forms need a word end after it / a word start before it.
        whole_words = all(p.closed_key for p in patterns)
        glue_free = all(p.check_left and not p.prefixes for p in patterns)
        by_script[bool(_UNSPACED.match(key[0]))][key] = (whole_words, glue_free, tuple(patterns))
    return tuple(_Automaton(AhoCorasick(list(keys), implementation=Implementation.DFA), tuple(keys.values()))
                 for keys in by_script)


def _split_before(form: str) -> tuple[frozenset[str], str]:
    """The words that must precede a form written `a|an< full scale invasion`, and the form itself."""
    first, _, rest = form.partition(" ")
    if not first.endswith(_BEFORE):
        return frozenset(), form
    if not rest:
        raise ValueError(f"a `{_BEFORE}` word must be followed by the form it precedes")
    return frozenset(fold(word) for word in first[:-1].split("|")), rest


def _word_before(text: str, start: int) -> str:
    """The word before `start`, over the separators a form allows between its words ('' if none)."""
    end = start
    while end > 0 and (text[end - 1].isspace() or text[end - 1] in "-/'\""):
        end -= 1
    begin = end
    while begin > 0 and is_word_char(text[begin - 1]):
        begin -= 1
    return text[begin:end] if end < start else ""


def _continues(edge: str, beyond: str) -> bool:
    """Whether `beyond` carries on the word that ends (or starts) with `edge`. Scripts without spaces
    write numbers and Latin abbreviations right against their words ("2022年2月24日", "2022년",
    "简称CSTO"), so where such a script meets another one a new word starts. Two letters below the
    first script without spaces (most of the text) need no look-up: this runs for every automaton hit."""
    if not is_word_char(beyond):
        return False
    if edge < _FIRST_UNSPACED and beyond < _FIRST_UNSPACED:
        return True
    return (_UNSPACED.match(edge) is None) == (_UNSPACED.match(beyond) is None)


def _glued_prefix(text: str, start: int) -> str:
    """The letters between the previous word boundary and `start` ('' if more than a clitic)."""
    begin = start
    while begin > 0 and is_word_char(text[begin - 1]):
        begin -= 1
        if start - begin > _MAX_PREFIX:
            return "\x00"
    return text[begin:start]


def script_ok(pattern: Pattern, original: str) -> bool:
    """A Cyrillic form must match some Cyrillic letters (so Latin "CBO" is not "СВО"), and so on."""
    if pattern.script is None:
        return True
    return pattern.script.search(original) is not None or pattern.script.search(
        unicodedata.normalize("NFKC", original)) is not None


def _script(form: str) -> re.Pattern[str] | None:
    letters = [c for c in form if c.isalpha()]
    if letters and all(_CYRILLIC.match(c) for c in letters):
        return _CYRILLIC
    if letters and all(_LATIN.match(c) for c in letters):
        return _LATIN
    return None


def compile_form(form: str) -> tuple[list[str], re.Pattern[str]]:
    """Automaton keys and anchored regex of a form (syntax in data/README.md)."""
    tokens = form.split()
    tokens[0] = tokens[0].removeprefix(_GLUED)
    head = tokens[0]
    if head.startswith("_") or head.endswith("?"):
        raise ValueError("the first word must be a required literal (it is what the automaton looks for)")
    keys = [fold(alt.rstrip("*")) for alt in head.split("|")]
    if not all(keys):
        raise ValueError("empty alternative in the first word")
    bodies = [t[:-1] if t.endswith("?") and len(t) > 1 else t for t in tokens]
    # An open ending takes the rest of its word at once (possessive), unless the next word may
    # follow without a space (it must then give letters back); fillers likewise. Backtracking
    # inside words made every optional filler costly.
    keep = [i + 1 < len(bodies) and bodies[i + 1] != "_" for i in range(len(bodies))]
    parts = [_token(head, not keep[0], len(tokens) == 1)]
    sep = _GLOSSED_SEP if _script(form) is None else _SEP
    for i, token in enumerate(tokens[1:], start=1):
        optional = token.endswith("?") and len(token) > 1
        body = bodies[i]
        lost_space_ok = body not in ("_", ",") and "*" in bodies[i - 1]
        if body == ",":
            piece = _COMMA
        elif body == "_":
            piece = f"{sep}(?:{_WORD})++{_DOTTED_NUMBER}"
        else:
            final = i == len(tokens) - 1 and not optional
            piece = f"{f'(?:{sep}|{_LOST_SPACE})' if lost_space_ok else sep}{_token(body, not keep[i], final)}"
        parts.append(f"(?:{piece})?" if optional else piece)
    # A required last word closed each of its literal alternatives itself (_token); an optional one, a
    # filler or a comma leaves the end of the whole form to close here.
    last = bodies[-1]
    closed_by_token = len(tokens) == 1 or (bodies[-1] == tokens[-1] and last not in ("_", ","))
    if not closed_by_token and not last.endswith("*") and last != "_":
        parts.append(_word_end(last))
    return keys, re.compile("".join(parts))


def _token(token: str, possessive: bool = False, final: bool = False) -> str:
    """Regex of one word: alternatives, each a literal optionally followed by `*` (any ending). In the
    form's last word a literal alternative ends its word even beside an open one ("napad|konflikt*"
    must not find the verb "napadła")."""
    alts = []
    ending = f"(?:{_WORD})*+" if possessive else f"(?:{_WORD})*"
    for alt in token.split("|"):
        stem = alt[:-1] if alt.endswith("*") else alt
        if not stem or "*" in stem or "?" in stem:
            raise ValueError(f"bad word {token!r}: use literal|literal* alternatives")
        closed_end = _word_end(stem) if final else ""
        alts.append(re.escape(fold(stem)) + (ending if alt.endswith("*") else closed_end))
    return f"(?:{'|'.join(alts)})"


def _word_end(literal: str) -> str:
    """What must follow a literal that ends a form: no further letter (digits: no further digit-or-letter
    of a spaced script); nothing in scripts written without spaces."""
    last = fold(literal)[-1]
    if _UNSPACED.match(last):
        return ""
    return _DIGIT_END if last.isdigit() else f"(?!{_WORD})"
