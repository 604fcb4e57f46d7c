"""Hard negatives and normalisation of issue 13: the article's date, stress marks, lost spaces.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from processors.enrich.annotate import annotate_line
from processors.mentions import detect_mentions
from processors.mentions.published import latest_day


def smo(text: str, published: date | str | None = None) -> list[str]:
    return [m.surface for m in detect_mentions("", text, "und", published) if m.entity == "SMO"]


@pytest.mark.parametrize(("published", "kept"), [
    ("2015-06-01", False), ("2021", False), ("2022-02-23", False), (datetime(2019, 5, 1), False),
    ("2022-02-24", True), ("2022-02", True), ("2023", True), (None, True), ("unknown", True),
])
def test_an_article_published_before_the_war_cannot_mention_it(published: date | str | None, kept: bool) -> None:
    assert bool(smo("The war in Ukraine claimed thousands of lives.", published)) is kept


def test_the_date_does_not_touch_the_csto() -> None:
    assert [m.entity for m in detect_mentions("", "Саммит ОДКБ прошёл в Бишкеке.", "ru", "2015-10-16")] == ["CSTO"]


def test_annotate_takes_the_date_from_the_input_line() -> None:
    line = {"id": "a", "text": "Війна в Україні триває.", "published": "2016-03-01"}
    assert annotate_line(json.dumps(line, ensure_ascii=False), 1)["mentions"] == []


def test_partial_dates_stand_for_their_last_day() -> None:
    assert latest_day("2021") == date(2021, 12, 31)
    assert latest_day("2022-02") == date(2022, 2, 28)
    assert latest_day("2024-02-30") is None


def test_stress_marks_in_cyrillic_do_not_hide_a_name() -> None:
    assert smo("Росі́йсько-украї́нська війна́ триває.") == ["Росі́йсько-украї́нська війна́"]


def test_a_space_lost_in_extraction_does_not_hide_a_name() -> None:
    assert [m.surface for m in detect_mentions("", "Заседание ОрганизацииДоговора о коллективной безопасности.", "ru")] == \
        ["ОрганизацииДоговора о коллективной безопасности"]


@pytest.mark.parametrize("text", [
    "Українська військова розвідка провела спецоперацію в Криму, повідомили в ГУР.",
    "The SBU said its special operation in Kherson caught two Russian agents.",
    "Israel said its military operation in Gaza would go on; Russia and Ukraine were not mentioned.",
])
def test_other_sides_operations_are_not_the_war(text: str) -> None:
    assert smo(text) == []


def test_a_generic_special_military_operation_of_another_army_is_not_the_war() -> None:
    assert smo("نفذ الجيش الإسرائيلي عملية عسكرية خاصة في غزة.") == []
    assert smo("أعلن بوتين بدء العملية العسكرية الخاصة في دونباس.") == ["العملية العسكرية الخاصة"]
