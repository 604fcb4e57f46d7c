"""Classes of errors found on eval/mentions_dev3.jsonl (issue 13), one table per class.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions import detect_mentions


def smo(text: str, lang: str = "und") -> list[str]:
    return [m.surface for m in detect_mentions("", text, lang) if m.entity == "SMO"]


@pytest.mark.parametrize(("text", "found"), [
    ("Thousands of volunteers signed up to take part in the NWO this spring.", ["NWO"]),
    ("The governor met NWO participants and their families.", ["NWO"]),
    ("Payments to all participants in the SVO will continue, the minister said.", ["SVO"]),
    ("The region supports the participants of the CBO and their children.", ["CBO"]),
    ("The city helps returning SMO participants find jobs.", ["SMO"]),
    ("Los héroes del SVO recibirán viviendas, dijo el gobernador.", ["SVO"]),
    ("I volontari sono tornati dalla zona SVO.", ["SVO"]),
    ("Für viele ist die Teilnahme an SVO die erste Kampferfahrung.", ["SVO"]),
    ("Der Minister besuchte die Spezialoperationszone.", ["Spezialoperationszone"]),
])
def test_translated_abbreviations_of_the_war_count_beside_their_companions(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "Conspiracy sites blame the NWO and its globalist bankers for the crisis in Ukraine.",
    "The CBO scored the aid package for Ukraine at 40 billion dollars.",
    "The CBO estimates that the deficit will grow next year.",
    "Our NWO meeting starts at six.",
])
def test_other_expansions_of_the_letters_are_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Der Vertrag gilt für die Zone des nördlichen Militärbezirks.", ["nördlichen Militärbezirks"]),
    ("Veterans of the Northern Military District will get land plots, the governor said.",
     ["Northern Military District"]),
    ("푸틴은 북부군관구 참전용사를 만났다.", ["북부군관구"]),
    ("I soldati russi sono in prima linea nel Distretto militare settentrionale, in Ucraina.",
     ["Distretto militare settentrionale"]),
])
def test_the_northern_military_district_translating_svo_counts_by_its_companions(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "The Northern Military District was a military district of the Soviet Union from 1951 to 1960.",
    "Der Nördliche Militärbezirk der Sowjetunion ging 1960 im Leningrader Militärbezirk auf.",
    "قال قائد المنطقة العسكرية الشمالية إن المنطقة تقدم المساعدات للمواطنين.",
])
def test_real_northern_districts_are_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Putin's war in Chechnya made him president.", []),
    ("Russia launched a large-scale invasion of Georgia in August 2008.", []),
    ("The Second Chechen war was Putin's war, historians say.", []),
    ("Putin's war has driven millions of Ukrainians from their homes.", ["Putin's war"]),
])
def test_putins_other_wars_are_not_this_one(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize(("text", "found"), [
    ("Орос, Украины дайн үргэлжилсээр байна.", ["Орос, Украины дайн"]),
    ("Украины дайнаас болж үнэ өссөн.", ["Украины дайнаас"]),
    ("俄烏沖突爆發後,糧價上漲。", ["俄烏沖突"]),
    ("2022年、ロシアはウクライナへの全面侵攻を始めた。", ["ウクライナへの全面侵攻"]),
    ("ロシア軍はウクライナ全土への侵攻を続けている。", ["ウクライナ全土への侵攻"]),
    ("रूस-यूक्रेन वॉर से महंगाई बढ़ी है।", ["रूस-यूक्रेन वॉर"]),
    ("Perang antara Rusia dan Ukraina masih berlangsung.", ["Perang antara Rusia dan Ukraina"]),
    ("Harga naik karena Perang Rusia Vs Ukraina.", ["Perang Rusia Vs Ukraina"]),
    ("ロシアによる軍事侵攻が続くウクライナでは停電が続く。", ["ロシアによる軍事侵攻"]),
])
def test_paraphrases_in_more_languages_and_spellings(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "रूस और यूक्रेन के बीच युद्ध के हालात बने हुए हैं।",
    "Malaysia berisiko sekiranya berlaku perang antara Rusia dan Ukraine.",
    "Orang ramai bimbang tentang ancaman perang di Ukraine.",
    "ウクライナの友好国ジョージアは2008年、ロシアによる侵攻を受けた。",
])
def test_a_feared_war_or_another_invasion_is_not_the_war(text: str) -> None:
    assert smo(text) == []
