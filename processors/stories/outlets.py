"""Load the outlet list and the credit cues (YAML that analysts edit); mistakes name file:line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mediamon.errors import ConfigError
from mediamon.datafile import load_yaml, where

DATA_DIR = Path(__file__).with_name("data")
OUTLETS_FILE = DATA_DIR / "outlets.yaml"
CUES_FILE = DATA_DIR / "citation_cues.yaml"
OWNERSHIP = ("state", "public", "private")


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    domain: str
    country: str
    ownership: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    """Credit words per language and how far from an outlet name they may stand."""

    by_lang: dict[str, tuple[str, ...]]
    window_before: int
    window_after: int


def _text(path: Path, node: Any, key: str) -> str:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where(path, node)}: '{key}' must be a non-empty string")
    return value.strip()


def load_outlets(path: Path = OUTLETS_FILE) -> list[Outlet]:
    data = load_yaml(path)
    entries = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: expected a non-empty list under 'outlets'")
    outlets, seen = [], set()
    for entry in entries:
        if not isinstance(entry, dict):
            raise ConfigError(f"{where(path, entry, entries)}: each outlet must be a mapping")
        outlet_id = _text(path, entry, "id")
        if outlet_id in seen:
            raise ConfigError(f"{where(path, entry)}: duplicate outlet id {outlet_id!r}")
        seen.add(outlet_id)
        ownership = _text(path, entry, "ownership")
        if ownership not in OWNERSHIP:
            raise ConfigError(f"{where(path, entry)}: ownership must be one of {', '.join(OWNERSHIP)}")
        names = entry.get("names")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(f"{where(path, entry)}: 'names' must be a non-empty list of strings")
        outlets.append(Outlet(id=outlet_id, name=_text(path, entry, "name"), domain=_text(path, entry, "domain"),
                              country=_text(path, entry, "country"), ownership=ownership,
                              names=tuple(n.strip() for n in names)))
    return outlets


def load_cues(path: Path = CUES_FILE) -> Cues:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("cues"), dict):
        raise ConfigError(f"{path}: expected a mapping 'cues' of language -> list of words")
    by_lang: dict[str, tuple[str, ...]] = {}
    for lang, words in data["cues"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ConfigError(f"{where(path, lang, data['cues'])}: cues for {lang!r} must be a list of strings")
        by_lang[str(lang)] = tuple(w.strip().lower() for w in words)
    windows = []
    for key in ("window_before", "window_after"):
        value = data.get(key)
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"{path}: '{key}' must be a non-negative integer")
        windows.append(value)
    return Cues(by_lang=by_lang, window_before=windows[0], window_after=windows[1])


class OutletDomains:
    """Which listed outlet a URL belongs to: its host or a parent domain of it (`m.tass.ru`)."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self._by_domain = {outlet.domain.lower().removeprefix("www."): outlet.id for outlet in outlets}

    def outlet_of(self, url: str) -> str | None:
        host = urlsplit(url).hostname or ""
        parts = host.lower().removeprefix("www.").split(".")
        for start in range(len(parts) - 1):
            found = self._by_domain.get(".".join(parts[start:]))
            if found:
                return found
        return None
