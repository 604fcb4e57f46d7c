"""Classes of hard negatives found on eval/mentions_dev6.jsonl (issue 13), one table per class, each
beside the look-alike that must still count: a war feared before 24 February 2022, the 2014-2021
Donbas war, and Ukraine's own attacks on Russian soil in verb-final word order.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

from datetime import date

import pytest

from processors.mentions.published import earliest_day, latest_day
from tests.unit.mentions_probe import smo


FEARED = [
    "Washington warns that Russia could start an invasion of Ukraine within days.",
    "Western capitals fear a Russian war on Ukraine before spring.",
    "Биден считает, что Россия может начать вторжение в Украину в любой момент.",
    "У Пентагоні вважають, що Росія готується до вторгнення в Україну взимку.",
    "Rusia amenaza con una invasión de Ucrania si la OTAN no cede.",
    "Die Nato befürchtet einen baldigen Einmarsch in die Ukraine.",
    "Paris estime qu'une invasion de l'Ukraine pourrait survenir avant mars.",
    "Zachód obawia się, że inwazja na Ukrainę może nastąpić wkrótce.",
    "अमेरिका का कहना है कि रूस किसी भी दिन यूक्रेन पर हमला कर सकता है।",
]


@pytest.mark.parametrize("text", FEARED)
@pytest.mark.parametrize("published", [None, "2022-02", "2022"])
def test_a_feared_war_is_no_mention_when_the_date_does_not_show_it_began(text: str, published: str | None) -> None:
    assert smo(text, published) == []


@pytest.mark.parametrize("text", FEARED)
def test_the_same_words_count_in_an_article_dated_after_the_invasion(text: str) -> None:
    assert smo(text, "2023-05-02") != []


@pytest.mark.parametrize(("text", "found"), [
    ("Russia could launch a new offensive in Ukraine this summer.", ["offensive in Ukraine"]),
    ("Analysts say the war in Ukraine may last until 2026.", ["war in Ukraine"]),
    ("Эксперты считают, что после 24 февраля война против Украины может затянуться.", ["война против Украины"]),
    ("Переговори можуть наблизити закінчення війни проти України.", ["війни проти України"]),
    ("СВО может продлиться ещё год, считают в Кремле.", ["СВО"]),
    ("The war in Ukraine could push food prices higher this winter.", ["war in Ukraine"]),
    ("Der Krieg in der Ukraine könnte die Inflation weiter antreiben.", ["Krieg in der Ukraine"]),
    ("Война на Украине может продлиться еще несколько лет.", ["Война на Украине"]),
    ("La guerra en Ucrania podría encarecer los alimentos.", ["guerra en Ucrania"]),
    ("La guerre en Ukraine menace la sécurité alimentaire mondiale.", ["guerre en Ukraine"]),
    ("Wojna w Ukrainie grozi kryzysem żywnościowym, obawy rosną.", ["Wojna w Ukrainie"]),
    ("यूक्रेन युद्ध से महंगाई का खतरा बढ़ा।", ["यूक्रेन युद्ध"]),
])
def test_modal_words_beside_the_war_under_way_still_count_without_a_date(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "Порошенко заявил, что силовая спецоперация на Донбассе будет продолжена до победы над боевиками у Донецка.",
    "Петр Порошенко утвердил план спецоперации в восточных регионах Украины.",
    "Приказ о начале спецоперации на востоке Украины отдан в апреле 2014 года.",
    "In 2016 the war between Ukraine and pro-Russian separatists claimed more lives.",
    "Le conflit entre l'Ukraine et les forces séparatistes a fait 13.000 morts en sept ans.",
    "Wojna na wschodzie Ukrainy trwa od lat.",
])
def test_the_donbas_war_before_2022_is_not_the_special_operation(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Since 24 February 2022 the war against Ukraine has outgrown the conflict that began in 2014.",
     ["war against Ukraine"]),
    ("Петр Порошенко заявил, что после 24 февраля война против Украины стала другой.", ["война против Украины"]),
    ("Russia annexed Crimea in 2014 and launched a full-scale invasion of Ukraine in February 2022.",
     ["full-scale invasion of Ukraine"]),
    ("Росія окупувала Крим у 2014 році, а у 2022 році розпочала повномасштабне вторгнення в Україну.",
     ["повномасштабне вторгнення в Україну"]),
    ("Rusia se anexionó Crimea en 2014 y en 2022 lanzó la invasión de Ucrania.", ["invasión de Ucrania"]),
    ("Russland annektierte 2014 die Krim und begann 2022 den Angriffskrieg gegen die Ukraine.",
     ["Angriffskrieg gegen die Ukraine"]),
])
def test_an_article_about_the_war_under_way_keeps_it_beside_2014_history(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "Rusya topraklarında Ukrayna ordusunun saldırısı devam ediyor.",
    "Rusiyanın Kursk vilayətində Ukrayna hücumu davam edir.",
    "রাশিয়ার কুর্স্কে ইউক্রেনের আক্রমণ চলছে।",
    "Ресейдің Курск облысындағы Украина шабуылы жалғасуда.",
    "रूस के कुर्स्क में यूक्रेन का हमला जारी है।",
])
def test_ukraines_attack_on_russian_soil_is_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Rusya'nın Ukrayna saldırısı sürüyor.", ["Rusya'nın Ukrayna saldırısı"]),
    ("রাশিয়ার ইউক্রেন আক্রমণ চলছে।", ["রাশিয়ার ইউক্রেন আক্রমণ"]),
    ("Ресейдің Украинаға шабуылы жалғасуда.", ["Ресейдің Украинаға шабуылы"]),
])
def test_russias_attack_on_ukraine_in_the_same_word_order_counts(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize(("published", "first", "last"), [
    ("2022-02", date(2022, 2, 1), date(2022, 2, 28)),
    ("2021", date(2021, 1, 1), date(2021, 12, 31)),
    ("2022-02-23", date(2022, 2, 23), date(2022, 2, 23)),
    (date(2023, 1, 5), date(2023, 1, 5), date(2023, 1, 5)),
    ("soon", None, None),
])
def test_a_partial_date_stands_for_a_range_of_days(published: object, first: date | None, last: date | None) -> None:
    assert (earliest_day(published), latest_day(published)) == (first, last)  # type: ignore[arg-type]
