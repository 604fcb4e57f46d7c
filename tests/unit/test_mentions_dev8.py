"""Classes found with eval/mentions_dev8.jsonl (issue 13), each beside the look-alike that must stay
silent: a scale modifier or an "armed forces" agent between the war's event noun and its parties
(Romanian, Vietnamese, Slovak, Czech, Bulgarian "offensive"), the Nordic adjective pair
"russisk-ukrainsk krig", the pre-invasion "preparations for a war", Thai Buddhist-era years of the
2014-2021 war, the aims and end of a bare "special operation", and the CSTO in Latin-script Kazakh.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions import detect_mentions
from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Invazia pe scară largă a Rusiei în Ucraina a schimbat Europa.", "Invazia pe scară largă a Rusiei în Ucraina"),
    ("Războiul pe scară largă al Rusiei în Ucraina continuă.", "Războiul pe scară largă al Rusiei în Ucraina"),
    ("Cuộc xâm lược quy mô lớn vào Ukraine đã bước sang năm thứ ba.", "Cuộc xâm lược quy mô lớn vào Ukraine"),
    ("Cuộc tấn công toàn diện vào Ukraine gây ra khủng hoảng năng lượng.", "Cuộc tấn công toàn diện vào Ukraine"),
    ("Po invázii ozbrojených síl Ruskej federácie na Ukrajinu utiekli milióny ľudí.",
     "invázii ozbrojených síl Ruskej federácie na Ukrajinu"),
    ("Invaze ozbrojených sil Ruské federace na Ukrajinu změnila Evropu.", "Invaze ozbrojených sil Ruské federace na Ukrajinu"),
    ("Настъплението на Русия в Украйна продължава трета година.", "Настъплението на Русия в Украйна"),
])
def test_a_modifier_inside_the_event_phrase_does_not_hide_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Rusia ar putea lansa o invazie pe scară largă în Ucraina, avertizează SUA.",
    "Nga có thể phát động cuộc tấn công quy mô lớn vào Ukraine.",
    "Настъплението на украинските сили в Курска област продължава.",
    "Ozbrojené sily Ruskej federácie vykonali cvičenie pri hraniciach.",
])
def test_the_look_alikes_of_the_longer_event_phrases_stay_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Det rysk-ukrainska kriget har drivit upp priserna.", "rysk-ukrainska kriget"),
    ("Den russisk-ukrainske krigen har ført til høyere priser.", "russisk-ukrainske krigen"),
    ("Den russisk-ukrainske krig har øget priserne i Europa.", "russisk-ukrainske krig"),
])
def test_the_nordic_adjective_pair_names_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


def test_the_nordic_pair_dated_to_2014_is_not_the_special_operation() -> None:
    assert smo("Den russisk-ukrainske krig begyndte i 2014 med annekteringen af Krim.") == []


@pytest.mark.parametrize("text", [
    "Moscow denied any preparation for an invasion of Ukraine.",
    "Analysts discussed the possibility of a Russian invasion of Ukraine.",
    "Het Kremlin ontkende de voorbereidingen voor een oorlog met Oekraïne.",
    "Kreml benektet forberedelser til en krig med Ukraina.",
    "Kreml afviste forberedelser til en invasion af Ukraine.",
    "Kreml förnekade förberedelser för en invasion av Ukraina.",
])
def test_preparations_for_a_war_are_no_mention_before_it(text: str) -> None:
    assert smo(text) == []


def test_preparing_other_things_beside_the_war_under_way_still_counts() -> None:
    text = "The government announced the preparation of new support for veterans of the war in Ukraine."
    assert overlaps(smo(text), "war in Ukraine")


def test_thai_buddhist_era_years_tell_the_2014_war_from_the_invasion() -> None:
    assert smo("สงครามรัสเซีย–ยูเครน ซึ่งเริ่มต้นตั้งแต่ พ.ศ. 2557 ยังคงดำเนินต่อไป") == []
    assert smo("สงครามรัสเซีย–ยูเครน ในปี พ.ศ. 2566 ยังไม่สิ้นสุด") != []


@pytest.mark.parametrize(("text", "found"), [
    ("The reservists will stay in the army until the objectives of the special operation are achieved.", "special operation"),
    ("Contract soldiers serve until the completion of the special operation, the ministry said.", "special operation"),
    ("Мобилизованные вернутся домой только после завершения спецоперации.", "спецоперации"),
])
def test_the_aims_and_end_of_a_bare_special_operation_are_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


def test_the_end_of_a_police_special_operation_stays_silent() -> None:
    assert smo("ФСБ сообщила о завершении спецоперации по задержанию террористов в Дагестане.") == []


@pytest.mark.parametrize("text", [
    "Qazaqstan Ūjymdyq Qauıpsızdık Turaly Şart Ūıymynyñ sammitıne qatysty.",
    "Ujymdyq qaýipsizdik týraly shart uıymy Mınsk qalasynda jınalady.",
])
def test_the_csto_in_latin_script_kazakh_is_found(text: str) -> None:
    assert [m.entity for m in detect_mentions("", text, "und", None)] == ["CSTO"]
