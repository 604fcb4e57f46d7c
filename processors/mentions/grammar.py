"""Expand the paraphrase grammar (`data/grammar.yaml`) into ordinary gazetteer entries.

A list of names cannot hold "Russia's war on Ukraine", "the conflict in Ukraine", "Ukrainekrieg",
"вторжения российских войск на Украину" in fifty languages. The grammar holds, per language, small
lexicons (event words with their inflections, actors, places) and the file's templates say in which
arrangements they name the war. Each (template, language) pair becomes one entry whose forms use the
gazetteer's form syntax, so matching, context cues, overlaps and evidence work as for any entry, and
each arrangement's precision shows under its own rule id (`smo.grammar.<lang>.<template>`).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from mediamon.datafile import LocDict
from mediamon.errors import ConfigError

_SLOT = re.compile(r"\{(\w+)\}")
# Slots that are not lexicons: `gap` lets up to `gap` words stand between two slots (prepositions,
# articles, "российских войск"); `pgap` is the same before an event that follows its place, which
# only verb-final languages allow (a place right before "war" elsewhere is usually a new clause).
# `link` is the particle between an actor and its event in scripts without spaces ("ロシアの侵攻",
# "ロシアによる侵攻"); spaced languages write such particles as words, so there it stands for nothing.
# `bgap` is the longer stretch a verb-final language puts between "Russia and Ukraine between" and the
# event ("रूस और यूक्रेन के बीच पिछले साढ़े तीन साल से जारी युद्ध"): both sides named make it safe.
_GAPS = {"gap": ("gap", 2), "pgap": ("place_gap", 0), "link": ("link_gap", 0), "bgap": ("between_gap", 0)}


def expand(path: str, doc: dict[str, Any]) -> tuple[str, list[LocDict]]:
    """The entity and one entry mapping (as if written in an entity file, at its language's line)
    per template and language."""
    entity, templates, languages = doc.get("entity"), doc.get("templates"), doc.get("languages")
    if not isinstance(entity, str) or not isinstance(templates, dict) or not isinstance(languages, dict):
        raise ConfigError(f"{path}:{getattr(doc, 'line', 1)}: expected 'entity', 'templates' and 'languages'")
    defaults = doc.get("defaults", {})
    items = []
    for lang, lexicons in languages.items():
        where = f"{path}:{getattr(lexicons, 'line', 1)}"
        if not isinstance(lexicons, dict):
            raise ConfigError(f"{where}: language {lang!r} must map lexicon names to lists")
        for name, template in templates.items():
            if name in lexicons.get("skip", ()) or lang not in template.get("only", [lang]):
                continue
            forms = _forms(where, template.get("form", ""), lexicons)
            if forms:
                rule = {key: value for key, value in template.items() if key not in ("form", "only")}
                item = LocDict({**defaults, **rule, "id": f"{entity.lower()}.grammar.{lang}.{name}", "lang": lang,
                                "forms": forms})
                item.line, item.key_lines = getattr(lexicons, "line", 1), {}
                items.append(item)
    return entity, items


def _forms(where: str, template: str, lexicons: dict[str, Any]) -> list[str]:
    """Forms of one template in one language, or [] when the language lacks one of its lexicons."""
    slots = _SLOT.findall(template)
    if not slots or any(s not in lexicons and s not in _GAPS for s in slots):
        return []
    for slot in slots:
        if slot not in _GAPS:
            values = lexicons[slot]
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise ConfigError(f"{where}: lexicon {slot!r} must be a non-empty list of words")
    if lexicons.get("unspaced"):
        return _unspaced(where, slots, lexicons)
    return _spaced(template, lexicons)


def _spaced(template: str, lexicons: dict[str, Any]) -> list[str]:
    """One form per choice of multi-word values; single words of a slot become one `a|b*|c` word."""
    choices: list[list[str]] = []
    for token in template.split():
        slot = _SLOT.fullmatch(token)
        if slot is None:
            choices.append([token])
        elif slot.group(1) in _GAPS:
            setting, default = _GAPS[slot.group(1)]
            choices.append([" ".join(["_?"] * int(lexicons.get(setting, default)))])
        else:
            values = lexicons[slot.group(1)]
            words = [v for v in values if " " not in v.strip()]
            choices.append((["|".join(words)] if words else []) + [v for v in values if " " in v.strip()])
    return [" ".join(part for part in combo if part) for combo in itertools.product(*choices)]


def _unspaced(where: str, slots: list[str], lexicons: dict[str, Any]) -> list[str]:
    """Scripts without spaces (Chinese, Japanese, Thai): every combination is one literal; a gap is
    one of the language's `fillers` (particles such as 对, による; "" for none), a place gap one of its
    `place_fillers` (的, への), a link one of its `link_fillers` (の, による)."""
    fillers = {"gap": "fillers", "pgap": "place_fillers", "link": "link_fillers"}
    lists = []
    for slot in slots:
        values = lexicons.get(fillers[slot], [""]) if slot in _GAPS else lexicons[slot]
        if any("*" in v or "|" in v or " " in v for v in values):
            raise ConfigError(f"{where}: unspaced lexicon {slot!r} takes literal words only")
        lists.append(values)
    return ["".join(combo) for combo in itertools.product(*lists) if "".join(combo)]
