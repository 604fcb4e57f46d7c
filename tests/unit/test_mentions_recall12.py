"""Recall classes found with the retired eval/mentions_test5.jsonl (issue 13): the war's agent after a participle
without its place, the two sides named with "between" in verb-final and Greek text, "military aggression" and
"military actions" as one event, Romanian agent clauses, and the war without its place in an article whose date
shows it was written during the war; each beside what must stay silent.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Kiev denunció que la operación militar lanzada por Moscú ya ha destruido hospitales en Ucrania.",
     "operación militar lanzada por Moscú"),
    ("Kiev sagt, der Krieg, den Russland führt, habe die Ukraine verwüstet.", "Krieg, den Russland"),
    ("Războiul declanșat de Rusia împotriva Ucrainei a schimbat Europa.",
     "Războiul declanșat de Rusia împotriva Ucrainei"),
    ("Fabricile din Ucraina au fost distruse de invazia pe scară largă a Federației Ruse în Ucraina.",
     "invazia pe scară largă a Federației Ruse în Ucraina"),
])
def test_agent_after_its_participle(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize(("text", "found"), [
    ("Rusya ile Ukrayna arasındaki savaş buğday fiyatlarını artırdı.", "Rusya ile Ukrayna arasındaki savaş"),
    ("Rusya ile Ukrayna arasında süren savaş üçüncü yılına girdi.", "Rusya ile Ukrayna arasında süren savaş"),
    ("ইউক্রেন ও রাশিয়ার মধ্যে যুদ্ধের কারণে তেলের দাম বেড়েছে।", "ইউক্রেন ও রাশিয়ার মধ্যে যুদ্ধের"),
    ("Ο πόλεμος μεταξύ Ρωσίας και Ουκρανίας συνεχίζεται.", "πόλεμος μεταξύ Ρωσίας και Ουκρανίας"),
    ("Украина мен Ресей арасындағы ұзаққа созылған соғыс бағаны көтерді.", "Украина мен Ресей арасындағы ұзаққа созылған соғыс"),
])
def test_both_sides_named_with_between(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize(("text", "found"), [
    ("Україна третій рік протистоїть російській військовій агресії.", "російській військовій агресії"),
    ("Военните действия в Украйна не спират.", "Военните действия в Украйна"),
    ("Novinari su raspravljali o ratu u Ukrajini.", "ratu u Ukrajini"),
    ("俄羅斯與烏克蘭的軍事衝突進入第三年。", "俄羅斯與烏克蘭的軍事衝突"),
    ("Хиляди украинци избягаха заради руското нашествие в Украйна.", "нашествие в Украйна"),
    ("Пълномащабната война продължава, Русия обстрелва Украйна.", "Пълномащабната война"),
    ("Ukrajna harmadik éve védekezik az orosz hadművelet ellen.", "orosz hadművelet"),
    ("روسيا تواصل عملياتها العسكرية ضد أوكرانيا.", "عملياتها العسكرية ضد أوكرانيا"),
    ("Harga pangan naik sejak penyerbuan Rusia ke Ukraina.", "penyerbuan Rusia ke Ukraina"),
    ("Verð á korni hækkaði eftir innrás Rússa í Úkraínu.", "innrás Rússa í Úkraínu"),
    ("Pútín kallaði stríðið sérstaka hernaðaraðgerð.", "sérstaka hernaðaraðgerð"),
])
def test_event_words_added_to_the_lexicons(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Ratu Elizabeth mengunjungi Ukrajina pada tahun 1990.",
    "Rusia ar putea lansa o invazie la scară largă a Ucrainei în următoarele săptămâni.",
    "Rusya ile Ukrayna arasındaki ticaret geçen yıl arttı.",
    "Innrásin í Írak hófst árið 2003.",
])
def test_lookalikes_and_a_war_foreseen_stay_silent(text: str) -> None:
    assert smo(text, "2022-02") == []


def test_the_kremlins_name_and_the_war_it_names_stay_two_mentions() -> None:
    text = "Oroszország elindította „különleges katonai műveletnek” nevezett invázióját Ukrajna ellen."
    assert len(smo(text)) == 2


def test_the_war_without_its_place_counts_in_an_article_dated_during_the_war() -> None:
    text = "L'offensive russe a fait grimper le prix du gaz."
    assert smo(text, "2022-03-02") == ["offensive russe"]
    assert smo(text, "2021-11-30") == []
    assert smo(text) == []


def test_the_date_does_not_outweigh_another_war_in_reach() -> None:
    assert smo("L'offensive russe en Syrie a fait des centaines de morts à Idlib.", "2022-06-01") == []


def test_the_kremlin_spokesman_speaks_for_russia() -> None:
    text = "Peskov said the goals of the special operation will be reached despite the Ukrainian army's resistance."
    assert smo(text) == ["special operation"]
