"""Classes found with eval/mentions_dev17.jsonl (issue 13), each beside the look-alike that must stay
silent: the Turkish name with the article "bir" inside it, the Polish bare "operacja militarna" in an
article on Russia and Ukraine, the Japanese bare 特別作戦 and 特殊作戦 in a report on the war (not special operations units), and the English calque
"special operation zone" of зона СВО.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Putin, Rusya'nın Ukrayna'da özel bir askeri operasyon yürüttüğünü söyledi.", "özel bir askeri operasyon"),
    ("Kremlin bunun özel askeri bir operasyon olduğunu yineledi.", "özel askeri bir operasyon"),
    ("Rosja rozpoczęła operację militarną przeciwko Ukrainie w lutym.", "operację militarną"),
    ("ロシア国防省によると、ウクライナ軍は特別作戦の全方面で兵士を失った。", "特別作戦"),
    ("ロシアがウクライナで始めた特殊作戦をめぐり、西側は制裁を強めた。", "特殊作戦"),
    ("Russian drones are working well in the special operation zone, Putin said.", "special operation"),
])
def test_bare_and_variant_names_count_in_war_context(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Emniyet, uyuşturucu çetesine özel bir operasyon düzenledi.",
    "Izrael przeprowadził operację militarną w Strefie Gazy.",
    "陸上自衛隊の特殊作戦群が富士で特別作戦の訓練を行った。",
    "ウクライナの特殊作戦部隊がクリミアに上陸したと発表された。",
    "The police cordoned off a special operation zone around the stadium.",
])
def test_the_same_words_about_other_operations_stay_silent(text: str) -> None:
    assert smo(text) == []
