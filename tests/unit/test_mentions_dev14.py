"""Classes found with eval/mentions_dev14.jsonl (issue 13, hard negatives), each beside the look-alike
that must still be found: Ukraine as the one who launched an Arabic "special military operation" (the
GUR landing in Crimea), and the Japanese "may happen any time" (…てもおかしくない) of an invasion feared in
an undated article, while the same words in an article dated after 24 February 2022, Russia's own
operation and the invasion a year on are still mentions; and words that tell, inside a grammar match's gap,
that it is not the war: Russian soil ("Offensive bei Kursk hat die Ukraine") and one strike's weapon
("ataku rakietowego Rosji na Ukrainę"), while the war beside them is still found.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize("text", [
    "أعلنت أوكرانيا أنها نفذت عملية عسكرية خاصة على الساحل الغربي لشبه جزيرة القرم.",
    "قالت أوكرانيا إن وحداتها شنت عملية عسكرية خاصة ليلا قرب منصات النفط.",
    "نفذت الاستخبارات العسكرية الأوكرانية عملية عسكرية خاصة في البحر الأسود.",
])
def test_ukraines_own_special_operation_in_arabic_stays_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("أعلنت روسيا أنها بدأت عملية عسكرية خاصة في أوكرانيا.", "عملية عسكرية خاصة"),
    ("دخلت العملية العسكرية الخاصة الروسية في أوكرانيا عامها الرابع.", "العملية العسكرية الخاصة"),
])
def test_russias_special_operation_in_arabic_is_found(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


def test_an_invasion_that_may_come_any_time_is_no_mention_in_an_undated_japanese_article() -> None:
    assert smo("米政府はロシアのウクライナ侵攻がいつ始まってもおかしくないと述べた。") == []
    assert smo("国務省はロシアのウクライナ侵攻がいつ起きてもおかしくはないと警告した。") == []


@pytest.mark.parametrize(("text", "published"), [
    ("米政府はロシアのウクライナ侵攻がいつ長期化してもおかしくないと述べた。", "2022-06-01"),
    ("ロシアのウクライナ侵攻から1年が経った。", None),
])
def test_the_invasion_under_way_is_still_found_in_japanese(text: str, published: str | None) -> None:
    assert overlaps(smo(text, published), "ウクライナ侵攻")


@pytest.mark.parametrize("text", [
    "Die seit einer Woche laufende Offensive bei Kursk hat die Ukraine selbst geplant.",
    "W nocy doszło do kolejnego ataku rakietowego Rosji na Ukrainę.",
    "Rano zakończył się atak dronów na Ukrainę.",
])
def test_russian_soil_or_a_strikes_weapon_in_the_gap_stays_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Seit der Offensive bei Kursk dauert der Krieg gegen die Ukraine an.", "Krieg gegen die Ukraine"),
    ("Po ataku dronów trwa wojna Rosji z Ukrainą.", "wojna Rosji z Ukrainą"),
    ("Atak na Ukrainę rozpoczął się 24 lutego 2022 roku.", "Atak na Ukrainę"),
])
def test_the_war_beside_those_words_is_still_found(text: str, found: str) -> None:
    assert overlaps(smo(text), found)
