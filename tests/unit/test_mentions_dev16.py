"""Classes found with eval/mentions_dev16.jsonl (issue 13), each beside the look-alike that must stay
silent: the agent in a bounded slot between a participle (or a relative pronoun) and "against Ukraine"
("the war waged by Vladimir Putin's Russia against Ukraine", "guerra mossa dalla Russia di Putin
all'Ucraina", "Krieg, den Russland gegen die Ukraine führt", "войны, которую Россия ведёт против
Украины"); the agent's participle before the event in Hungarian and Finnish ("az Oroszország indította
háború", "Venäjän 24.2.2022 Ukrainaan aloittaman hyökkäyksen", a dotted date inside the slot). The same
arrangement about Georgia, Chechnya, Syria or Gaza stays silent, and so does the invasion of Dagestan
that began the second Chechen war.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Prices rose after the war launched by President Putin's Russia against Ukraine.",
     "war launched by President Putin's Russia against Ukraine"),
    ("Il costo della guerra scatenata dalla Russia di Putin contro l'Ucraina pesa sulle famiglie.",
     "guerra scatenata dalla Russia di Putin contro l'Ucraina"),
    ("La guerra lanzada por el presidente ruso Vladimir Putin contra Ucrania encareció el gas.",
     "guerra lanzada por el presidente ruso Vladimir Putin contra Ucrania"),
    ("Les sanctions visent la guerre menée par la Russie contre l'Ukraine depuis trois ans.",
     "guerre menée par la Russie contre l'Ukraine"),
    ("Die Preise steigen wegen des Krieges, den Russland gegen die Ukraine führt.",
     "Krieges, den Russland gegen die Ukraine"),
    ("Цены выросли из-за войны, которую Россия ведёт против Украины.", "войны, которую Россия ведёт против Украины"),
    ("Ціни зросли через війну, яку Росія веде проти України.", "війну, яку Росія веде проти України"),
    ("Ceny wzrosły przez wojnę, którą Rosja prowadzi przeciwko Ukrainie.", "wojnę, którą Rosja prowadzi przeciwko Ukrainie"),
])
def test_the_agent_between_the_event_and_ukraine_names_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Prices rose after the war launched by President Putin's Russia against Georgia in 2008.",
    "Prices rose after the war waged by Israel's government against Gaza.",
    "Il costo della guerra scatenata dalla Russia di Putin contro la Cecenia fu enorme.",
    "La guerra lanzada por el presidente azerbaiyano Ilham Aliyev contra Armenia duró 44 días.",
    "Les sanctions visent la guerre menée par Israël contre le Hamas à Gaza.",
    "Die Preise steigen wegen des Krieges, den Israel gegen die Hamas führt.",
    "Цены выросли во время войны, которую Россия вела против Чечни.",
    "Ceny wzrosły przez wojnę, którą Izrael prowadzi przeciwko Hamasowi.",
])
def test_the_same_arrangement_about_another_war_stays_silent(text: str) -> None:
    assert not smo(text)


@pytest.mark.parametrize(("text", "found"), [
    ("Sokan menekültek el Ukrajnából az Oroszország indította háború elől.", "Oroszország indította háború"),
    ("Az Oroszország által indított háború Ukrajnában a harmadik évébe lépett.", "Oroszország által indított háború"),
    ("Venäjän 24.2.2022 Ukrainaan aloittaman hyökkäyksen jälkeen hinnat nousivat.",
     "Venäjän 24.2.2022 Ukrainaan aloittaman hyökkäyksen"),
])
def test_the_agents_participle_before_the_event_names_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Sokan menekültek el Szíriából az Oroszország által is folytatott háború elől.",
    "Venäjän 8.8.2008 Georgiaan aloittaman hyökkäyksen jälkeen hinnat nousivat.",
    "The Second Chechen War was launched by the Russian Federation after the invasion of Dagestan by militants.",
])
def test_the_participle_about_another_war_stays_silent(text: str) -> None:
    assert not smo(text)
