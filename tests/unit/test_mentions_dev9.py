"""Classes found with eval/mentions_dev9.jsonl (issue 13), each beside the look-alike that must stay
silent: event words the lexicons lacked (English "military action", German "Militärintervention"), the
attack or assault only beside its agent (one strike with drones or missiles is not the war), French
participles ("menée par"), the Russian Federation as the agent, Croatian "rat", Chinese 全面入侵, the
English war with its agent in a relative clause, a literal event word that ends a form no longer taking a
verb's ending (Polish "napad" in "napadła"), Korean scale words inside the event and a longer gap after
the place, Indonesian and Malay possessive -nya, scale and passive relative clause, Polish "na pełną
skalę", the incursion with its place, Russian media's "operation in Ukraine" with its participants, and
conditionals, "possible" and the Kremlin's "eight-year war" that mark a war not fought in 2022.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Russia's military action has driven millions of Ukrainians from their homes.", "Russia's military action"),
    ("Die russische Militärintervention in der Ukraine hat die Preise erhöht.", "russische Militärintervention in der Ukraine"),
    ("El ataque de Rusia contra Ucrania elevó los precios del trigo.", "ataque de Rusia"),
    ("O ataque russo à Ucrânia mudou a Europa.", "ataque russo à Ucrânia"),
    ("L'attaque russe contre l'Ukraine a fait fuir des millions de personnes.", "attaque russe contre l'Ukraine"),
    ("L'attacco russo all'Ucraina ha cambiato l'Europa.", "attacco russo all'Ucraina"),
    ("The costs of Russia's incursion into Ukraine keep rising.", "incursion into Ukraine"),
    ("Moscow's all-out assault on Ukraine began before dawn.", "assault on Ukraine"),
    ("La guerre menée par la Russie en Ukraine se poursuit.", "guerre menée par la Russie en Ukraine"),
    ("L'offensive de la Fédération de Russie contre l'Ukraine a surpris les experts.", "offensive de la Fédération de Russie"),
    ("Rat u Ukrajini traje već treću godinu.", "Rat u Ukrajini"),
    ("俄罗斯全面入侵乌克兰已经三年。", "全面入侵乌克兰"),
    ("The war Russia is waging in Ukraine has cost thousands of lives.", "war Russia is waging in Ukraine"),
    ("It is a full-scale war that Russia has started against Ukraine.", "war that Russia has started against Ukraine"),
])
def test_event_words_the_lexicons_lacked_name_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize(("text", "found"), [
    ("우크라이나에 대한 러시아의 전면적인 침공은 유럽을 바꾸었다.", "우크라이나에 대한 러시아의 전면적인 침공"),
    ("우크라이나에 대한 대규모 군사 침공 이후 물가가 올랐다.", "우크라이나에 대한 대규모 군사 침공"),
    ("Rusia melanjutkan invasinya ke Ukraina.", "invasinya ke Ukraina"),
    ("Serangan yang dilancarkan Rusia ke Ukraina menaikkan harga minyak.", "Serangan yang dilancarkan Rusia ke Ukraina"),
    ("Invasi militer skala penuh ke Ukraina dimulai pada Februari.", "Invasi militer skala penuh ke Ukraina"),
    ("Od początku wojny na pełną skalę Ukraina przyjęła pomoc z Zachodu.", "wojny na pełną skalę"),
])
def test_scale_possessive_and_relative_clause_stay_inside_the_event(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Rok temu Rosja napadła na Ukrainę.",
    "Rosja atakowała Ukrainę od miesięcy.",
    "The war Russia waged in Chechnya was brutal.",
])
def test_verbs_and_other_wars_are_not_the_event_noun(text: str) -> None:
    assert smo(text) == []


def test_russian_media_operation_in_ukraine_counts_with_its_participants() -> None:
    assert smo("Госдума приняла закон о льготах для участников операции на Украине.") != []


@pytest.mark.parametrize("text", [
    "Полиция провела операцию на Украине по задержанию контрабандистов.",
    "Участники операции на Украине по обмену пленными вернулись домой.",
    "The Russian incursion into Ukraine in August 2014 turned the battle of Ilovaisk.",
    "By August 2014, Russia covertly sent troops into the Donbas; the Russian incursion changed the front.",
    "Russia launched its operation to stop an eight-year war in Donbass waged by Kiev.",
    "¿Cómo afectaría una guerra en Ucrania a los precios de la energía?",
    "وسط الحديث عن غزو روسي محتمل لأوكرانيا ارتفعت أسعار النفط.",
    "Sanksjonene trer i kraft om Russland går til angrep på Ukraina.",
    "Ukraine's incursion into Russia's Kursk region surprised Moscow.",
    "La Russie a lancé une attaque de drones contre l'Ukraine cette nuit.",
    "Rusia lanzó un ataque con misiles contra Ucrania esta noche.",
    "Russia launched a massive missile assault on Ukraine overnight.",
    "Russland startete in der Nacht einen Großangriff auf die Ukraine mit Drohnen.",
    "Rat u Ukrajini 2014. godine počeo je u Donbasu.",
])
def test_look_alikes_and_wars_not_fought_in_2022_stay_silent(text: str) -> None:
    assert smo(text) == []
