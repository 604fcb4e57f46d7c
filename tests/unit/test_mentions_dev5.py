"""Classes of hard negatives found on eval/mentions_dev5.jsonl (issue 13), one table per class,
each beside the look-alike that must still count.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions import detect_mentions


def smo(text: str, lang: str = "und", published: str | None = None) -> list[str]:
    return [m.surface for m in detect_mentions("", text, lang, published) if m.entity == "SMO"]


@pytest.mark.parametrize("text", [
    "Після спецоперації наші бійці повернулися на базу, окупанти зазнали втрат.",
    "Наші групи вже повернулися зі спецоперації, росіяни втратили два катери.",
    "Під час спецоперації українські бійці знищили трьох окупантів.",
    "У ході нічної спецоперації українські спецпризначенці взяли в полон двох окупантів.",
    "Українські розвідники провели спецоперацію на окупованій території.",
])
def test_ukraines_own_fighters_make_their_special_operation_not_the_war(text: str) -> None:
    assert smo(text, "uk") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Українська спецоперація в Криму триває, повідомили у розвідці.", "uk"),
    ("Служба безпеки України провела спецоперацію проти російської агентури.", "uk"),
    ("СБУ провела контррозвідувальну спецоперацію на Харківщині.", "uk"),
    ("Украинская спецоперация в Курской области застала Кремль врасплох.", "ru"),
    ("A Ukrainian special operation destroyed Russian bombers far from the front.", "en"),
    ("Сили оборони України провели спеціальну операцію на Курщині.", "uk"),
    ("Tropas ucranianas desembarcaron en Crimea en una operación especial nocturna.", "es"),
    ("Le forze ucraine hanno condotto un'operazione speciale in Crimea.", "it"),
    ("Forças ucranianas realizaram uma operação especial na Crimeia.", "pt"),
])
def test_an_operation_named_as_ukraines_own_is_not_the_war(text: str, lang: str) -> None:
    assert smo(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Росія продовжує так звану спецоперацію в Україні.", "uk", ["спецоперацію"]),
    ("Russia says its special operation in Ukraine is going to plan.", "en", ["special operation in Ukraine"]),
    ("Las fuerzas ucranianas resisten la operación especial rusa en Ucrania.", "es", ["operación especial"]),
    ("Учасники спецоперації росії повертаються з фронту.", "uk", ["спецоперації"]),
    ("Наши бойцы вернулись из зоны спецоперации на Украине.", "ru", ["спецоперации"]),
    ("Наши группы выполняют задачи спецоперации на Украине, сообщил Песков.", "ru", ["спецоперации"]),
])
def test_the_war_still_counts_when_fighters_stand_beside_it(text: str, lang: str, found: list[str]) -> None:
    assert smo(text, lang) == found


@pytest.mark.parametrize(("text", "lang"), [
    ("30 квітня 2018 року АТО офіційно завершилася, замість неї почалася операція Об'єднаних сил.", "uk"),
    ("Штаб операції Об'єднаних сил повідомив про обстріли на Донбасі.", "uk"),
    ("В зоне проведения антитеррористической операции на Донбассе продолжаются обстрелы.", "ru"),
])
def test_the_2014_2021_donbas_operations_are_not_the_war(text: str, lang: str) -> None:
    assert smo(text, lang) == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Erdogan anunció una operación militar especial en el norte de Siria.", "es"),
    ("Турция готова начать специальную военную операцию на севере Сирии.", "ru"),
    ("India launched Operation Sindoor against terror camps in Pakistan.", "en"),
    ("The special operation to rescue the hostages in Gaza took weeks of planning, Israel said.", "en"),
    ("Nigeria launched special operations against Boko Haram in the north-east.", "en"),
])
def test_other_states_special_operations_are_not_the_war(text: str, lang: str) -> None:
    assert smo(text, lang) == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Полиция провела спецоперацию и задержала наркоторговцев.", "ru"),
    ("Поліцейські проводять спецоперацію для затримання банди у Києві.", "uk"),
    ("Sniper: Special Ops stars Steven Seagal, who now has business interests in Russia.", "en"),
])
def test_police_operations_and_film_titles_are_not_the_war(text: str, lang: str) -> None:
    assert smo(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Putin anunció una operación militar especial en Ucrania.", "es", ["operación militar especial en Ucrania"]),
    ("Putin autorizou uma operação militar especial na Ucrânia.", "pt", ["operação militar especial na Ucrânia"]),
    ("Kremlin menyebutnya operasi militer khusus di Ukraina.", "id", ["operasi militer khusus di Ukraina"]),
])
def test_russias_special_military_operation_in_those_languages_counts(text: str, lang: str, found: list[str]) -> None:
    assert smo(text, lang) == found
