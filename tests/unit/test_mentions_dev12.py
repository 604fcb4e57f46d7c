"""Classes found with eval/mentions_dev12.jsonl (issue 13), each beside the look-alike that must stay
silent: Tatar, which had no paraphrase grammar ("сугыш" with its place "Украинадагы" and the agent before
it), the Azerbaijani "military operation" with Russia's genitive, and the Persian invasion "by air and
land" whose agent and place follow beyond the gap of a bare event word. The Great Patriotic War in Tatar,
another country's military operation in Azerbaijani, the plural "military operations" in Ukraine's east
in 2014 and Iraq's invasion of Iran stay silent.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Казанга Украинадагы сугыштан качкан гаиләләр килде.", "Украинадагы сугыштан"),
    ("Русия башлаган Украинадагы сугыш өченче елын дәвам итә.", "Русия башлаган Украинадагы сугыш"),
    ("Россиянең Украинага һөҗүме бәяләрне күтәрде.", "Россиянең Украинага һөҗүме"),
    ("Rusiyanın hərbi əməliyyatı Ukraynada minlərlə insanın ölümünə səbəb olub.", "Rusiyanın hərbi əməliyyatı"),
    ("پس از تهاجم هوایی و زمینی روسیه به اوکراین قیمت نفت بالا رفت.",
     "تهاجم هوایی و زمینی روسیه به اوکراین"),
    ("حمله زمینی و هوایی روسیه به اوکراین از شمال آغاز شد.", "حمله زمینی و هوایی روسیه به اوکراین"),
])
def test_turkic_and_persian_forms_name_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Бөек Ватан сугышы 1941 елда башланды.",
    "Ермәнстан белән Азәрбайҗан арасындагы сугыш 2020 елда булды.",
    "Ermənistanın hərbi əməliyyatı Qarabağda uğursuz oldu.",
    "2014-cü ildə Ukraynanın şərqində hərbi əməliyyatlar başladı.",
    "حمله هوایی و زمینی عراق به ایران در سال ۱۳۵۹ آغاز شد.",
])
def test_other_wars_stay_silent(text: str) -> None:
    assert smo(text) == []
