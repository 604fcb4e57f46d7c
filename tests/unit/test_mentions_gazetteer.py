"""The gazetteer is analysts' data: a mistake must say which file and line, and the shipped one loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.mentions import build_matcher
from processors.mentions.gazetteer import DATA_DIR, load
from processors.mentions.matcher import compile_form
from processors.mentions.normalize import fold


def _data_dir(tmp_path: Path, entity_yaml: str) -> Path:
    shutil.copy(DATA_DIR / "cues.yaml", tmp_path / "cues.yaml")
    (tmp_path / "x.yaml").write_text(entity_yaml, encoding="utf-8")
    return tmp_path


def test_shipped_gazetteer_covers_both_entities_in_many_languages() -> None:
    gazetteer = load()
    langs = {e.entity: set() for e in gazetteer.entries}
    for entry in gazetteer.entries:
        langs[entry.entity].add(entry.lang)
    required = {"ru", "uk", "be", "en", "bn", "hi", "kk", "ky", "uz", "tg", "hy", "ka", "az", "tr", "fa",
                "ar", "zh", "de", "fr", "pl", "id"}
    assert required <= langs["CSTO"] | {"be"}
    assert required - {"tg", "be", "ka", "kk"} <= langs["SMO"]


@pytest.mark.parametrize(("yaml_text", "line", "message"), [
    ("entity: X\nentries:\n  - id: a\n    lang: en\n    forms: [x]\n    colour: red\n", 3, "unknown keys"),
    ("entity: X\nentries:\n  - id: a\n    lang: en\n    forms: [x]\n  - id: b\n    lang: en\n    forms: []\n",
     6, "'forms' must be a non-empty list"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x], framing: sideways}\n", 3, "framing"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x], requires: [nowhere]}\n", 3, "unknown cue set"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x], vetoes: [nowhere]}\n", 3, "unknown cue set"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x], gap_vetoes: [nowhere]}\n", 3, "unknown cue set"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x]}\n  - {id: a, lang: en, forms: [y]}\n", 4, "duplicate"),
    ("entity: X\nentries:\n  - {id: a, lang: en, forms: [x\n", 4, "invalid YAML"),
    ("entity: X\nundated_vetoes: {cues: [nowhere], lifted_by: [], window: 60}\nentries:\n  - {id: a, lang: en, forms: [x]}\n",
     2, "unknown cue set"),
    ("entity: X\nundated_vetoes: {cues: [speculation]}\nentries:\n  - {id: a, lang: en, forms: [x]}\n", 2, "needs 'cues'"),
])
def test_mistakes_name_file_and_line(tmp_path: Path, yaml_text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(_data_dir(tmp_path, yaml_text))
    assert f"x.yaml:{line}" in str(caught.value)
    assert message in str(caught.value)


def test_bad_form_syntax_names_file_and_line(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "entity: X\nentries:\n  - id: a\n    lang: en\n    forms: ['_ war']\n")
    with pytest.raises(ConfigError, match=r"x\.yaml:3: form '_ war'"):
        build_matcher(data)


def test_an_analyst_adds_a_form_without_code(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "entity: CSTO\nentries:\n  - {id: csto.xx, lang: xx, forms: ['blorp* treaty']}\n")
    matcher = build_matcher(data)
    assert matcher.find("the blorpish treaty")


@pytest.mark.parametrize(("form", "text", "matches"), [
    ("операци*", "операциями", True),
    ("операци* военн*?", "операции", True),
    ("военн*? операци*", "", False),
    ("войн* в|на украин*", "войну на Украине", True),
    ("войн* в|на украин*", "войну под Украиной", False),
    ("war _ ukraine", "war in ukraine", True),
    ("csto", "cstoo", False),
])
def test_form_syntax(form: str, text: str, matches: bool) -> None:
    try:
        keys, regex = compile_form(form)
    except ValueError:
        assert not matches
        return
    assert fold(text).startswith(keys[0]) or not matches
    assert bool(regex.match(fold(text))) is matches


def test_a_glued_first_word_may_stand_inside_a_longer_word(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "entity: CSTO\nentries:\n  - {id: glued, lang: xx, forms: ['~ebilir*']}\n"
                               "  - {id: free, lang: xx, forms: ['bilir*']}\n")
    found = {hit.pattern.owner.id for hit in build_matcher(data).find(fold("işgal edebilirler"))}
    assert found == {"glued"}


@pytest.mark.parametrize(("text", "found"), [
    ("a full-scale war", True), ("an all-out war", True), ("the full-scale war", False), ("full-scale war", False),
    ("banana full-scale war", False),
])
def test_a_form_may_require_the_word_before_it_outside_its_span(tmp_path: Path, text: str, found: bool) -> None:
    data = _data_dir(tmp_path, "entity: CSTO\nentries:\n  - {id: after, lang: xx, forms: ['a|an< full|all scale|out war']}\n")
    hits = build_matcher(data).find(fold(text))
    assert [fold(text)[h.start:h.end] for h in hits] == (["full-scale war" if "full" in text else "all-out war"] if found else [])


def test_a_word_before_needs_a_form_after_it(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "entity: X\nentries:\n  - {id: a, lang: en, forms: ['a|an<']}\n")
    with pytest.raises(ConfigError, match=r"x\.yaml:3: form 'a\|an<'"):
        build_matcher(data)


def test_bad_endings_name_file_and_line(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "entity: X\nentries:\n  - {id: a, lang: en, forms: [x]}\n")
    (data / "languages.yaml").write_text("tr: {endings: {min_stem: 4}}\nkk: {endings: {min_stem: 1}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"languages\.yaml:2: kk: endings min_stem"):
        load(data)
