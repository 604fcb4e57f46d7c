"""Classes of SMO paraphrase misses (issue 13, helper branch negs3), one table per class.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions import detect_mentions


def smo(text: str, lang: str = "und") -> list[str]:
    return [m.surface for m in detect_mentions("", text, lang) if m.entity == "SMO"]


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("ウクライナの首都キーウでは、ロシアの侵攻から三年が経った。", "ja", ["ロシアの侵攻"]),
    ("ウクライナ東部の住民は、ロシアによる軍事侵攻で家を失った。", "ja", ["ロシアによる軍事侵攻"]),
    ("乌克兰总统表示，俄罗斯的侵略已造成巨大损失。", "zh", ["俄罗斯的侵略"]),
])
def test_an_actor_joined_to_its_event_by_a_particle_names_the_war_in_unspaced_scripts(
        text: str, lang: str, found: list[str]) -> None:
    assert smo(text, lang) == found


@pytest.mark.parametrize(("text", "lang"), [
    ("ロシアの侵攻について、歴史家がナポレオン戦争を講義した。", "ja"),
    ("俄罗斯的侵略历史在课本中有详细记载。", "zh"),
])
def test_a_particle_joined_actor_and_event_without_ukraine_nearby_is_not_the_war(text: str, lang: str) -> None:
    assert smo(text, lang) == []


@pytest.mark.parametrize(("year", "found"), [
    ("2016", []),
    ("2023", ["俄罗斯对乌克兰的战争"]),
])
def test_a_year_written_against_chinese_text_dates_the_war(year: str, found: list[str]) -> None:
    """"2016年" is the pre-2022 Donbas war's year as much as "in 2016" is."""
    assert smo(f"{year}年，俄罗斯对乌克兰的战争仍在继续。", "zh") == found
