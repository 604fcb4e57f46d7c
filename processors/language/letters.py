"""Language evidence from letters only some languages of a script use (rules in letters.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mediamon.errors import ConfigError
from mediamon.datafile import load_yaml, where
from processors.language.scripts import SCRIPTS

LETTERS_FILE = Path(__file__).with_name("letters.yaml")
# A language is ruled out when at least this share of the script's letters are ones it never uses
# (and at least two of them): a Russian article quoting Kazakh names (қ, ә: ~2 %) stays Russian, a Kyrgyz
# paragraph with ө/ү in every sentence cannot be Russian.
VETO_SHARE = 0.025
# Evidence for a language needs two of its letters and this share of the script's letters.
SUPPORT_SHARE = 0.005
MIN_HITS = 2


@dataclass(frozen=True)
class Candidate:
    lang: str
    letters: frozenset[str]
    excludes: frozenset[str]
    beats: frozenset[str]  # pycld2 answers this evidence overrules even when pycld2 is sure


@dataclass(frozen=True)
class ScriptRule:
    default: str | None
    default_confidence: float
    candidates: tuple[Candidate, ...]
    alphabet: str  # every letter any candidate mentions


def _candidate(path: Path, lang: str, spec: object) -> Candidate:
    if not isinstance(spec, dict) or not isinstance(spec.get("letters"), str):
        raise ConfigError(f"{where(path, spec)}: candidate {lang!r} needs a 'letters' string")
    unknown = set(spec) - {"letters", "excludes", "beats"}
    if unknown:
        raise ConfigError(f"{where(path, spec)}: unknown keys {sorted(unknown)} for {lang!r}")
    beats = spec.get("beats", [])
    if not (isinstance(beats, list) and all(isinstance(b, str) for b in beats)):
        raise ConfigError(f"{where(path, spec)}: 'beats' must be a list of language codes")
    return Candidate(lang, frozenset(spec["letters"]), frozenset(spec.get("excludes", "")), frozenset(beats))


def load_rules(path: Path = LETTERS_FILE) -> dict[str, ScriptRule]:
    data = load_yaml(path)
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        raise ConfigError(f"{where(path, data)}: expected a top-level 'scripts' mapping")
    rules = {}
    for script, spec in scripts.items():
        if script not in SCRIPTS:
            raise ConfigError(f"{where(path, script)}: unknown script {script!r}; known: {', '.join(SCRIPTS)}")
        spec = spec or {}
        candidates = tuple(_candidate(path, lang, c) for lang, c in (spec.get("candidates") or {}).items())
        alphabet = "".join(sorted(set().union(*(c.letters | c.excludes for c in candidates)))) if candidates else ""
        unknown = set(spec) - {"default", "default_confidence", "candidates"}
        if unknown:
            raise ConfigError(f"{where(path, spec)}: unknown keys {sorted(unknown)} for script {script}")
        confidence = spec.get("default_confidence", 1.0)
        if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
            raise ConfigError(f"{where(path, spec)}: default_confidence must be a number in (0, 1]")
        rules[script] = ScriptRule(spec.get("default"), float(confidence), candidates, alphabet)
    return rules


@lru_cache(maxsize=1)
def default_rules() -> dict[str, ScriptRule]:
    return load_rules()


class Evidence:
    """Which candidates a text's special letters support and which they rule out."""

    def __init__(self, rule: ScriptRule, lowered: str, script_letters: int) -> None:
        # One C-speed count per letter of a short alphabet beats a regex scan and a Counter.
        counts = {letter: lowered.count(letter) for letter in rule.alphabet}
        self.vetoed: set[str] = set()
        self.support: dict[str, int] = {}
        self._rule = rule
        for cand in rule.candidates:
            own = sum(map(counts.__getitem__, cand.letters))
            bad = sum(map(counts.__getitem__, cand.excludes))
            if bad >= MIN_HITS and bad >= VETO_SHARE * script_letters:
                self.vetoed.add(cand.lang)
            elif own >= MIN_HITS and own >= SUPPORT_SHARE * script_letters:
                self.support[cand.lang] = own

    def best(self, cld_lang: str, cld_sure: bool) -> str | None:
        """The supported language that should replace pycld2's answer, or None to keep pycld2's."""
        may_overrule = not cld_sure or cld_lang in self.vetoed
        ranked = sorted(
            (c for c in self._rule.candidates
             if c.lang in self.support and (may_overrule or cld_lang in c.beats)),
            # Ties go to the narrower alphabet: Kyrgyz ң/ө/ү are a subset of Kazakh's letters.
            key=lambda c: (self.support[c.lang], -len(c.letters)), reverse=True)
        if not ranked:
            return None
        top = self.support[ranked[0].lang]
        if cld_lang != ranked[0].lang and self.support.get(cld_lang) == top:
            return None
        return ranked[0].lang
