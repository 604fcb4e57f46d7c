"""Classes found with eval/mentions_dev18.jsonl (issue 13, hard negatives of the Donbas war, Crimea 2014 and
other wars), each beside the look-alike that must still be found: an earlier stage of the whole conflict since
2014 glued to the war words ("the first stage of the conflict between Russia and Ukraine", "першою частиною
збройного конфлікту"), which is Crimea 2014, while the same conflict words alone, the first phase of the war in
Ukraine and the full-scale invasion beside them are still the war.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize("text", [
    "The seizure of Crimea was the first part of the armed conflict between Russia and Ukraine.",
    "Historians call Crimea the first stage of the conflict between Russia and Ukraine.",
    "The first stage of Russia's aggression against Ukraine began with the blockade of bases in Crimea.",
    "Захоплення Криму стало першою частиною збройного конфлікту між Росією та Україною.",
    "Аннексия Крыма стала первой стадией конфликта с Украиной.",
])
def test_an_earlier_stage_of_the_conflict_since_2014_is_no_mention(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("The conflict between Russia and Ukraine entered its fourth year.", "conflict between Russia and Ukraine"),
    ("In the first phase of the war in Ukraine, Russian troops tried to take Kyiv.", "war in Ukraine"),
    ("Crimea was the first stage of the conflict between Russia and Ukraine; the full-scale invasion was the second.",
     "full-scale invasion"),
    ("Конфлікт між Росією та Україною триває вже четвертий рік.", "Конфлікт між Росією та Україною"),
    ("Конфликт на Украине вступил в четвертый год.", "Конфликт на Украине"),
])
def test_the_conflict_itself_is_still_found(text: str, found: str) -> None:
    assert overlaps(smo(text), found)
