"""Load the mention gazetteer (YAML that analysts edit) into typed entries; mistakes name file:line.

Files in `data/`: one per entity (`entity:` plus `entries:`), `grammar.yaml` (the paraphrase grammar,
expanded into entries by grammar.py), `cues.yaml` (named sets of context words per language) and
`languages.yaml` (clitic prefixes that may be glued to a word, e.g. Arabic و/ل/ب, and the open
endings of cue words in agglutinative languages, see endings.py). Every entry's forms use the small syntax documented in `data/README.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mediamon.datafile import LocDict, load_yaml
from mediamon.errors import ConfigError
from processors.mentions.endings import Endings
from processors.mentions.grammar import expand

DATA_DIR = Path(__file__).with_name("data")
FRAMINGS = (None, "kremlin", "war")
_ENTRY_KEYS = {"id", "lang", "forms", "upper", "lower", "title", "requires", "window", "negatives", "vetoes", "supports",
               "neg_window", "confidence", "framing", "note", "gap_vetoes"}


@dataclass(frozen=True)
class GazetteerEntry:
    """One gazetteer rule: forms of one entity in one language and when they count."""

    id: str
    entity: str
    lang: str
    forms: tuple[str, ...]
    where: str
    upper: bool = False
    # With `upper`: an abbreviation written all in lower case ("в зоне сво", "саммит одкб") counts too.
    lower: bool = False
    # With `upper`: an abbreviation written as a name counts too, as Italian papers write them ("Csto", like "Nato").
    title: bool = False
    # Alternatives; each is a tuple of cue-set names that must all be present.
    requires: tuple[tuple[str, ...], ...] = ()
    window: int | None = None
    negatives: tuple[str, ...] = ()
    # Like negatives, but they veto within neg_window however near a positive cue is.
    vetoes: tuple[str, ...] = ()
    # Vetoes that count only inside the match, in the gap of a grammar arrangement: "Offensive bei Kursk
    # hat die Ukraine" is Ukraine's own offensive, while "Kursk" a sentence away from the war is no reason.
    gap_vetoes: tuple[str, ...] = ()
    # Without `requires`: cue sets that, when nearer than a negative cue, keep the match ("Russia's
    # special military operation" beside a line on Gaza; Israel's own is vetoed by its negatives).
    supports: tuple[str, ...] = ()
    neg_window: int = 150
    confidence: float = 0.95
    framing: str | None = None


@dataclass(frozen=True)
class CueForms:
    """Forms of one cue set in one language (a cue is a word that tells what a match means)."""

    name: str
    lang: str
    forms: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class UndatedVetoes:
    """Cue sets that put a mention before its entity began ("could invade", "the ATO", "2015") when
    the article's date cannot settle it: they veto within `window` characters unless a `lifted_by`
    cue anywhere in the article says the event is under way ("since 24 February", "2024")."""

    cues: tuple[str, ...]
    # Cue sets that count only before the mention ("could invade"; "the war could push prices up" is the war).
    before: tuple[str, ...]
    lifted_by: tuple[str, ...]
    window: int
    where: str


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[GazetteerEntry, ...]
    cues: tuple[CueForms, ...]
    prefixes: dict[str, tuple[str, ...]]
    # `endings:` per language in languages.yaml: cue words that take suffixes.
    endings: dict[str, Endings] = field(default_factory=dict)
    # First day an entity can be mentioned (`since:` in its file): earlier articles cannot name it.
    since: dict[str, date] = field(default_factory=dict)
    # `undated_vetoes:` in an entity file (smo.yaml): for articles not certainly published after `since`.
    undated: dict[str, UndatedVetoes] = field(default_factory=dict)


def load(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Read every YAML file in `data_dir`; raise ConfigError naming file and line on any mistake."""
    entries: list[GazetteerEntry] = []
    cues: tuple[CueForms, ...] = ()
    prefixes: dict[str, tuple[str, ...]] = {}
    endings: dict[str, Endings] = {}
    since: dict[str, date] = {}
    undated: dict[str, UndatedVetoes] = {}
    for path in sorted(data_dir.glob("*.yaml")):
        doc = _read(path)
        if path.name == "cues.yaml":
            cues = _cues(path, doc)
        elif path.name == "languages.yaml":
            prefixes, endings = _languages(path, doc)
        elif path.name == "grammar.yaml":
            entity, items = expand(str(path), doc)
            entries.extend(_entry(path, entity, {}, item) for item in items)
        else:
            entries.extend(_entries(path, doc))
            if "since" in doc:
                since[doc["entity"]] = _since(path, doc)
            if "undated_vetoes" in doc:
                undated[doc["entity"]] = _undated(path, doc)
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen:
            raise ConfigError(f"{entry.where}: duplicate entry id {entry.id!r} (first at {seen[entry.id]})")
        seen[entry.id] = entry.where
    known = {cue.name for cue in cues} | {f"@{entry.entity}" for entry in entries} | {dated_cue(e) for e in since}
    for entry in entries:
        named = {n for alt in entry.requires for n in alt}.union(entry.negatives, entry.vetoes, entry.gap_vetoes,
                                                                 entry.supports)
        for name in named:
            if name not in known:
                raise ConfigError(f"{entry.where}: unknown cue set {name!r}")
    for rule in undated.values():
        for name in (*rule.cues, *rule.before, *rule.lifted_by):
            if name not in known:
                raise ConfigError(f"{rule.where}: unknown cue set {name!r}")
    return Gazetteer(tuple(entries), cues, prefixes, endings, since, undated)


def _read(path: Path) -> LocDict:
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}:1: expected a mapping at the top level")
    return doc


def _entries(path: Path, doc: LocDict) -> list[GazetteerEntry]:
    entity = doc.get("entity")
    if not isinstance(entity, str) or not entity:
        raise ConfigError(f"{path}:{doc.line}: missing 'entity: NAME'")
    defaults = doc.get("defaults", {})
    raw = doc.get("entries")
    if not isinstance(raw, list):
        raise ConfigError(f"{path}:{doc.line}: 'entries' must be a list")
    return [_entry(path, entity, defaults, item) for item in raw]


def _entry(path: Path, entity: str, defaults: dict[str, Any], item: Any) -> GazetteerEntry:
    if not isinstance(item, dict):
        raise ConfigError(f"{path}: every entry must be a mapping, got {item!r}")
    where = f"{path}:{item.line}"
    item = {**defaults, **item}
    unknown = set(item) - _ENTRY_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "lang"):
        if not isinstance(item.get(key), str):
            raise ConfigError(f"{where}: '{key}' must be a string")
    forms = item.get("forms")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
        raise ConfigError(f"{where}: 'forms' must be a non-empty list of strings")
    framing = item.get("framing")
    if framing not in FRAMINGS:
        raise ConfigError(f"{where}: framing must be one of {FRAMINGS}, got {framing!r}")
    confidence = item.get("confidence", 0.95)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise ConfigError(f"{where}: confidence must be a number in (0, 1]")
    window, neg_window = item.get("window"), item.get("neg_window", 150)
    if window is not None and (not isinstance(window, int) or window <= 0):
        raise ConfigError(f"{where}: window must be a positive integer")
    if not isinstance(neg_window, int) or neg_window <= 0:
        raise ConfigError(f"{where}: neg_window must be a positive integer")
    return GazetteerEntry(id=item["id"], entity=entity, lang=item["lang"], forms=tuple(forms), where=where,
                 upper=bool(item.get("upper", False)), lower=bool(item.get("lower", False)),
                 title=bool(item.get("title", False)), requires=_requires(where, item.get("requires", [])),
                 window=window, negatives=_names(where, "negatives", item.get("negatives", [])),
                 vetoes=_names(where, "vetoes", item.get("vetoes", [])),
                 gap_vetoes=_names(where, "gap_vetoes", item.get("gap_vetoes", [])),
                 supports=_names(where, "supports", item.get("supports", [])),
                 neg_window=neg_window, confidence=float(confidence), framing=framing)


def dated_cue(entity: str) -> str:
    """The cue an article carries when its publication date is on or after the entity's `since`:
    "the Russian offensive" in a report of March 2022 is the war even where Ukraine is not named."""
    return f"@{entity}:dated"


def _since(path: Path, doc: LocDict) -> date:
    value = doc["since"]
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ConfigError(f"{path}:{doc.key_lines.get('since', doc.line)}: 'since' must be a date (YYYY-MM-DD)")
    return value


def _undated(path: Path, doc: LocDict) -> UndatedVetoes:
    value = doc["undated_vetoes"]
    where = f"{path}:{doc.key_lines.get('undated_vetoes', doc.line)}"
    if not isinstance(value, dict) or not {"cues", "lifted_by", "window"} <= set(value) <= {"cues", "before", "lifted_by", "window"}:
        raise ConfigError(f"{where}: 'undated_vetoes' needs 'cues', 'lifted_by' and 'window' (and may have 'before')")
    window = value["window"]
    if not isinstance(window, int) or window <= 0:
        raise ConfigError(f"{where}: undated_vetoes window must be a positive integer")
    return UndatedVetoes(_names(where, "cues", value["cues"]), _names(where, "before", value.get("before", [])),
                         _names(where, "lifted_by", value["lifted_by"]), window, where)


def _requires(where: str, value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: 'requires' must be a list of cue sets (or lists of cue sets)")
    return tuple((alt,) if isinstance(alt, str) else _names(where, "requires", alt) for alt in value)


def _names(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of cue-set names")
    return tuple(value)


def _cues(path: Path, doc: LocDict) -> tuple[CueForms, ...]:
    sets = doc.get("cues")
    if not isinstance(sets, dict):
        raise ConfigError(f"{path}:{doc.line}: expected 'cues:' mapping set names to languages")
    out = []
    for name, by_lang in sets.items():
        if not isinstance(by_lang, dict):
            raise ConfigError(f"{path}:{sets.line}: cue set {name!r} must map languages to lists of forms")
        for lang, forms in by_lang.items():
            if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                raise ConfigError(f"{path}:{by_lang.line}: cue set {name!r}, {lang}: expected a list of forms")
            out.append(CueForms(name, lang, tuple(forms), f"{path}:{by_lang.line}"))
    return tuple(out)


def _languages(path: Path, doc: LocDict) -> tuple[dict[str, tuple[str, ...]], dict[str, Endings]]:
    """Per language: `prefixes` (glued clitics) and `endings` ({min_stem, changes}), both optional."""
    prefixes, endings = {}, {}
    for lang, spec in doc.items():
        where = f"{path}:{getattr(spec, 'line', doc.line)}: {lang}"
        if not isinstance(spec, dict) or not set(spec) <= {"prefixes", "endings"}:
            raise ConfigError(f"{where}: expected 'prefixes: [..]' and/or 'endings: {{min_stem: N}}'")
        values = spec.get("prefixes", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ConfigError(f"{where}: expected 'prefixes: [..]'")
        if values:
            prefixes[lang] = tuple(values)
        if "endings" in spec:
            endings[lang] = _endings(where, spec["endings"])
    return prefixes, endings


def _endings(where: str, value: Any) -> Endings:
    if not isinstance(value, dict) or not {"min_stem"} <= set(value) <= {"min_stem", "changes"}:
        raise ConfigError(f"{where}: endings need 'min_stem' (and may have 'changes')")
    min_stem, changes = value["min_stem"], value.get("changes", [])
    if not isinstance(min_stem, int) or min_stem < 3:
        raise ConfigError(f"{where}: endings min_stem must be an integer of at least 3")
    if not isinstance(changes, list) or not all(isinstance(c, str) and len(c) == 1 for c in changes):
        raise ConfigError(f"{where}: endings changes must be a list of single letters")
    return Endings(min_stem, tuple(changes))
