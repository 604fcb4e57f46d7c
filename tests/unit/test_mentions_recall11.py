"""Recall classes found with the retired eval/mentions_test4.jsonl and the dev sets (issue 13): Romanian text
typed with the cedilla of older keyboards or without diacritics ("invaziei ruseşti", "invaziei rusesti") and the
whole paradigm of the adjective "rusesc"; the two sides of the war named with "between" after articles or a
participle ("a guerra entre a Rússia e a Ucrânia"), each beside what must stay silent.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions.normalize import fold
from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("cedilla", "comma"), [("ruseşti", "rusești"), ("ţara", "țara"), ("ŞI", "și")])
def test_romanian_cedilla_and_comma_letters_fold_together(cedilla: str, comma: str) -> None:
    assert fold(cedilla) == fold(comma)


@pytest.mark.parametrize(("text", "found"), [
    ("Milioane de oameni au fugit din Ucraina de la începutul invaziei rusești.", "invaziei rusești"),
    ("Milioane de oameni au fugit din Ucraina de la începutul invaziei ruseşti.", "invaziei ruseşti"),
    ("Milioane de oameni au fugit din Ucraina din cauza invaziei rusesti.", "invaziei rusesti"),
    ("Ucraina rezistă de trei ani agresiunii rusești.", "agresiunii rusești"),
])
def test_romanian_russian_adjective_in_every_spelling(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Invazia rusească a Georgiei din 2008 a durat cinci zile.",
    "Războiul rusesc din Cecenia a început în 1994.",
])
def test_romanian_russian_adjective_without_ukraine_stays_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("A seca juntou-se à guerra entre a Rússia e a Ucrânia.", "guerra entre a Rússia e a Ucrânia"),
    ("O conflito armado entre a Ucrânia e a Rússia continua.", "conflito armado entre a Ucrânia e a Rússia"),
    ("Harga gandum naik karena perang terbuka antara Rusia dan Ukraina.", "perang terbuka antara Rusia dan Ukraina"),
    ("La guerra iniciada entre Rusia y Ucrania sigue.", "guerra iniciada entre Rusia y Ucrania"),
    ("La guerra scoppiata tra la Russia e l'Ucraina continua.", "guerra scoppiata tra la Russia e l'Ucraina"),
])
def test_the_war_between_both_sides_after_articles_or_a_participle(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "A guerra entre a Rússia e a NATO seria uma catástrofe.",
    "O comércio entre a Rússia e a Ucrânia caiu em 2015.",
    "A Crimeia foi a primeira fase do conflito entre a Rússia e a Ucrânia em 2014.",
])
def test_between_without_both_sides_of_the_war_stays_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("रूस और यूक्रेन के बीच पिछले दो साल से जारी युद्ध और तेज हो गया है।", "रूस और यूक्रेन के बीच पिछले दो साल से जारी युद्ध"),
    ("यूक्रेन और रूस के बीच तेज़ होती जंग से तेल महंगा हुआ।", "यूक्रेन और रूस के बीच तेज़ होती जंग"),
])
def test_hindi_pair_between_then_a_time_phrase_then_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "रूस और यूक्रेन के बीच व्यापार 2015 में गिर गया।",
    "रूस और यूक्रेन के बीच बातचीत हुई। अमेरिका ने सीरिया पर हमला किया।",
])
def test_hindi_pair_between_without_the_war_stays_silent(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("유럽에서 벌어진 러-우 전쟁은 벌써 3년째 이어지고 있다.", "러-우 전쟁"),
    ("러-우크라 전쟁이 길어지고 있다.", "러-우크라 전쟁"),
    ("الحرب القائمة بين روسيا وأوكرانيا رفعت أسعار الغذاء.", "الحرب القائمة بين روسيا وأوكرانيا"),
    ("تجددت الحرب بين أوكرانيا وروسيا.", "الحرب بين أوكرانيا وروسيا"),
])
def test_korean_abbreviated_pair_and_arabic_glued_pair(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "달러 환율이 우 상향 중이다.",
    "الحرب بين روسيا وجورجيا عام 2008 دامت خمسة أيام.",
    "التجارة بين روسيا وأوكرانيا تراجعت.",
])
def test_korean_and_arabic_look_alikes_stay_silent(text: str) -> None:
    assert smo(text) == []
