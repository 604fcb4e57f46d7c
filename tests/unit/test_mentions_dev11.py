"""Classes found with eval/mentions_dev11.jsonl (issue 13), each beside the look-alike that must stay
silent: Albanian, which had no paraphrase grammar (the definite and oblique forms of "war", "invasion",
"aggression" before their place or Russian agent), the Finnish gradated stem "hyökkäyssodan", the Tajik
spelling "Укроин" and the actor fused to the event by izafat, Hindi "टकराव" and the names written in Latin
letters inside Hindi text, the Urdu army inside the event, the Korean surprise invasion, the Japanese へ
before a verbal noun, and the Lithuanian accusative of the special military operation; a Tajik place
before "ҷанг" is not the war in Ukraine.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Çmimet u rritën pas fillimit të luftës në Ukrainë.", "luftës në Ukrainë"),
    ("Pushtimi i Ukrainës nga Rusia ndryshoi Evropën.", "Pushtimi i Ukrainës"),
    ("Qeveria dënoi agresionin e Rusisë kundër Ukrainës.", "agresionin e Rusisë kundër Ukrainës"),
    ("Venäjän hyökkäyssodan vuoksi Ukrainassa on kuollut tuhansia.", "hyökkäyssodan vuoksi Ukrainassa"),
    ("Муҳоҷирон аз ҷанг алайҳи Укроин метарсанд.", "ҷанг алайҳи Укроин"),
    ("Ҳукумат таҷовузи Русия ба Украина маҳкум накард.", "таҷовузи Русия ба Украина"),
    ("रूस और यूक्रेन के बीच टकराव से तेल महंगा हुआ।", "रूस और यूक्रेन के बीच टकराव"),
    ("Russia और Ukraine के बीच युद्ध से गेहूं महंगा हुआ।", "Russia और Ukraine के बीच युद्ध"),
    ("یوکرین پر روسی فوج کے حملے سے تیل مہنگا ہوا۔", "یوکرین پر روسی فوج کے حملے"),
    ("우크라이나에 대한 러시아의 기습 침공 이후 유가가 올랐다.", "러시아의 기습 침공"),
    ("ロシアがウクライナへ軍事侵攻を始めてから一年が過ぎた。", "ウクライナへ軍事侵攻"),
    ("Kremlius vykdo specialiąją karinę operaciją Ukrainoje.", "specialiąją karinę operaciją"),
])
def test_thin_language_forms_name_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Lufta në Kosovë përfundoi në vitin 1999.",
    "Pushtimi i Shqipërisë nga Italia ndodhi në vitin 1939.",
    "Hyökkäyssodan Suomeen aloitti Neuvostoliitto vuonna 1939.",
    "Зиндониёнро дар Украина ба ҷанг мебаранд?",
    "भारत और पाकिस्तान के बीच टकराव बढ़ा।",
    "북한의 기습 침공으로 전쟁이 시작되었다.",
])
def test_other_wars_and_other_phrases_stay_silent(text: str) -> None:
    assert smo(text) == []
