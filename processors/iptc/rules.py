"""Taxonomy and weighted keyword rules from YAML data, validated with file:line in every error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediamon.datafile import LocDict, load_yaml, where
from mediamon.errors import ConfigError

DATA_DIR = Path(__file__).parent
TAXONOMY_FILE = DATA_DIR / "taxonomy.yaml"
TRANSLITERATION_FILE = DATA_DIR / "transliteration.yaml"
RULES_DIR = DATA_DIR / "rules"
# `lang: "*"` files (names, acronyms) apply whatever the article's language.
ANY_LANG = "*"
# Rule targets of the `frames` section: what kind of report an article is (a meeting, fighting),
# which decides between the two topics of a contest (taxonomy.yaml), e.g. "frame:11000000".
FRAME_PREFIX = "frame:"
# A term is words separated by spaces; `*` may end any word (prefix: выбор* = выборы, выборах)
# and `~` may start the first word (inside a word: ~انتخاب* = الانتخابات, ~wahl = Bundestagswahl;
# not `*`, which YAML reads as an alias).
_TERM = re.compile(r"^~?[^\s*~]+\*?(?: [^\s*~]+\*?)*$")


@dataclass(frozen=True)
class Subtopic:
    id: str
    labels: dict[str, str]
    parent: str
    parent_weight: float
    broader: str | None


@dataclass(frozen=True)
class Taxonomy:
    topics: dict[str, dict[str, str]]  # id -> {lang: label}
    subtopics: dict[str, Subtopic]
    contests: tuple[tuple[str, str], ...] = ()  # topic pairs whose order the rule files' frames decide

    def label(self, target: str, lang: str = "en") -> str:
        labels = self.topics.get(target) or self.subtopics[target].labels
        return labels.get(lang) or labels["en"]


@dataclass(frozen=True)
class Rule:
    term: str    # as the analyst wrote it (shown as evidence)
    target: str  # top-level topic id or subtopic id
    weight: float
    lang: str
    source: str  # file:line, for analysts tuning the rules


def _labels(path: Path, node: Any, what: str) -> dict[str, str]:
    if not isinstance(node, dict) or not isinstance(node.get("en"), str):
        raise ConfigError(f"{where(path, node)}: {what} needs labels with at least 'en'")
    return {str(k): str(v) for k, v in node.items()}


def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), dict):
        raise ConfigError(f"{where(path, data)}: expected mappings 'topics' and 'subtopics'")
    topics = {}
    for tid, labels in data["topics"].items():
        if not re.fullmatch(r"\d{2}000000", str(tid)):
            raise ConfigError(f"{where(path, tid)}: top-level IPTC ids look like 01000000, got {tid!r}")
        topics[str(tid)] = _labels(path, labels, f"topic {tid}")
    subtopics = {}
    for sid, spec in (data.get("subtopics") or {}).items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{where(path, sid)}: subtopic {sid!r} must be a mapping")
        parent = spec.get("parent")
        if parent not in topics:
            raise ConfigError(f"{where(path, spec)}: subtopic {sid!r} has unknown parent {parent!r}")
        weight = spec.get("parent_weight", 1.0)
        if not isinstance(weight, (int, float)) or weight < 0:
            raise ConfigError(f"{where(path, spec)}: parent_weight must be a number >= 0")
        subtopics[str(sid)] = Subtopic(str(sid), _labels(path, spec.get("labels"), f"subtopic {sid}"),
                                       parent, float(weight), spec.get("broader"))
    return Taxonomy(topics, subtopics, _contests(path, data.get("contests") or [], topics))


def _contests(path: Path, node: Any, topics: dict[str, dict[str, str]]) -> tuple[tuple[str, str], ...]:
    if not isinstance(node, list):
        raise ConfigError(f"{where(path, node)}: contests must be a list of [topic, topic] pairs")
    pairs = []
    for pair in node:
        if not (isinstance(pair, list) and len(pair) == 2 and all(str(t) in topics for t in pair) and pair[0] != pair[1]):
            raise ConfigError(f"{where(path, pair, node)}: a contest is two different known topic ids, got {pair!r}")
        pairs.append((str(pair[0]), str(pair[1])))
    return tuple(pairs)


def _weighted_terms(path: Path, target: str, groups: Any, lang: str) -> list[Rule]:
    if not isinstance(groups, dict):
        raise ConfigError(f"{where(path, groups)}: {target}: expected `weight: [terms]` entries")
    rules = []
    for weight, terms in groups.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight == 0:
            raise ConfigError(f"{where(path, weight, groups)}: {target}: weight {weight!r} must be a non-zero number")
        if not isinstance(terms, list):
            raise ConfigError(f"{where(path, terms)}: {target}: weight {weight} needs a list of terms")
        for term in terms:
            if not isinstance(term, str) or not _TERM.match(term.strip()):
                raise ConfigError(f"{where(path, term if isinstance(term, str) else terms)}: "
                                  f"{target}: bad term {term!r} (words, `*` only at a word's end "
                                  f"and `~` only before the first word)")
            rules.append(Rule(term.strip(), target, float(weight), lang, where(path, term)))
    return rules


Table = list[tuple[str, str]]


def load_transliteration(path: Path = TRANSLITERATION_FILE) -> dict[str, Table]:
    data = load_yaml(path)
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict):
        raise ConfigError(f"{where(path, data)}: expected a 'tables' mapping")
    result = {}
    for name, pairs in tables.items():
        if not isinstance(pairs, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
            raise ConfigError(f"{where(path, pairs)}: table {name!r} must be a list of [from, to] string pairs")
        result[str(name)] = [(a, b) for a, b in pairs]
    return result


def _convert(term: str, table: Table) -> str:
    for old, new in table:
        term = term.replace(old, new)
    return term


def _transliterated(path: Path, data: LocDict, rules: list[Rule]) -> list[Rule]:
    """Each rule again in the other alphabets the file asks for (Kazakh Latin, Uzbek Cyrillic)."""
    names = data.get("transliterate") or []
    if not isinstance(names, list):
        raise ConfigError(f"{where(path, names)}: transliterate must be a list of table names")
    tables = load_transliteration() if names else {}
    extra = []
    for name in names:
        if name not in tables:
            raise ConfigError(f"{where(path, name)}: unknown transliteration table {name!r} "
                              f"(see {TRANSLITERATION_FILE.name})")
        for rule in rules:
            converted = _convert(rule.term.lower(), tables[name])
            if converted != rule.term.lower():
                extra.append(Rule(converted, rule.target, rule.weight, rule.lang, f"{rule.source} ({name})"))
    return extra


def load_rule_file(path: Path, taxonomy: Taxonomy) -> list[Rule]:
    data = load_yaml(path)
    if not isinstance(data, LocDict) or not isinstance(data.get("lang"), str):
        raise ConfigError(f"{where(path, data)}: a rule file starts with `lang: <code>` (or \"*\")")
    unknown = set(data) - {"lang", "topics", "subtopics", "frames", "transliterate"}
    if unknown:
        raise ConfigError(f"{where(path, data)}: unknown keys {sorted(unknown)}")
    rules = []
    sections = (("topics", taxonomy.topics, ""), ("subtopics", taxonomy.subtopics, ""),
                ("frames", taxonomy.topics, FRAME_PREFIX))
    for section, known, prefix in sections:
        entries = data.get(section) or {}
        for target, groups in entries.items():
            if target not in known:
                raise ConfigError(f"{where(path, target, entries)}: unknown {section[:-1]} id {target!r} "
                                  f"(quote ids, see {TAXONOMY_FILE.name})")
            rules.extend(_weighted_terms(path, prefix + str(target), groups, data["lang"]))
    return rules + _transliterated(path, data, rules)


def load_rules(rules_dir: Path = RULES_DIR, taxonomy: Taxonomy | None = None) -> list[Rule]:
    """Every rule of every `*.yaml` file in rules_dir, in a stable order."""
    taxonomy = taxonomy or load_taxonomy()
    files = sorted(rules_dir.glob("*.yaml"))
    if not files:
        raise ConfigError(f"{rules_dir}: no rule files (*.yaml)")
    return [rule for path in files for rule in load_rule_file(path, taxonomy)]
