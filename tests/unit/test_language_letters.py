"""letters.yaml is analysts' data: its mistakes are reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.language.letters import LETTERS_FILE, load_rules


def test_the_shipped_letter_rules_load() -> None:
    rules = load_rules(LETTERS_FILE)
    assert rules["Cyrillic"].default == "ru"
    assert {c.lang for c in rules["Cyrillic"].candidates} >= {"ru", "uk", "be", "kk", "ky", "tg", "uz"}


@pytest.mark.parametrize(("body", "line", "message"), [
    ("scripts:\n  Klingon: {default: tlh}\n", 2, "unknown script"),
    ("scripts:\n  Cyrillic:\n    candidates:\n      ru: {excludes: \"ә\"}\n", 4, "needs a 'letters' string"),
    ("scripts:\n  Cyrillic:\n    candidates:\n      ru: {letters: \"ы\", beats: ru}\n", 4, "'beats' must be a list"),
    ("scripts:\n  Latin: {default: en}\n  Latin: {default: fr}\n", 3, "duplicate key"),
    ("scripts:\n  Latin: [unclosed\n", 3, ""),
])
def test_mistakes_name_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "letters.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert f"{path}:{line}" in str(caught.value)
    assert message in str(caught.value)
