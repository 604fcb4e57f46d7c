"""Classes found with eval/mentions_test4.jsonl once it became a development set (issue 13, pre-invasion
hard negatives): the war as a prospect in articles whose date does not settle it, each beside the look-alike that
must still be found. An event of a scale named with the indefinite article ("a full-scale invasion", "une
invasion à grande échelle", "un război pe scară largă") is a war foreseen, unless the article tells its start as
past ("ordered a full-scale invasion", "a war that Russia has started", "a lancé une invasion", "a lansat o
invazie"); an Azerbaijani conditional
after the event ("hücum etsə", if it attacks) and an Arabic "حال" with an onset ("حال اندلاع", in case of the
outbreak of) make it a war foreseen as well.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize("text", [
    "Western officials said Moscow had massed most of the troops it needs for a full-scale invasion.",
    "Analysts doubt that the Kremlin wants an all-out war in Ukraine, but the buildup goes on.",
    "Washington estime que Moscou dispose des forces nécessaires à une invasion à grande échelle.",
    "Un război pe scară largă în Ucraina ar aduce un val de refugiați spre Moldova.",
    "Ministrul a vorbit despre pregătirile pentru o invazie pe scară largă a Ucrainei.",
    "Ekspertlər hesab edir ki, Rusiya Ukraynaya hücum etsə, qaz qiymətləri kəskin artacaq.",
    "وحذر الخبراء من ارتفاع أسعار القمح حال اندلاع الحرب الروسية الأوكرانية في الأسابيع المقبلة.",
])
def test_a_war_foreseen_in_an_undated_article_is_no_mention(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "published", "found"), [
    ("When Putin ordered a full-scale invasion of Ukraine, thousands of Russians left the country.", None,
     "full-scale invasion"),
    ("Thousands fled abroad after a full-scale invasion began; the war in Ukraine goes on.", "2024-03-01",
     "war in Ukraine"),
    ("Le conflit s'est étendu lorsque la Russie a lancé une invasion à grande échelle de l'Ukraine.", None,
     "invasion à grande échelle de l'Ukraine"),
    ("Rusia a lansat o invazie pe scară largă în Ucraina, iar războiul din Ucraina continuă.", None,
     "războiul din Ucraina"),
    ("Rusiya Ukraynaya hücum etsə, sanksiyalar olacaq.", "2022-03-10", "Rusiya Ukraynaya hücum"),
    ("Putin's full-scale invasion of Ukraine is in its fourth year.", None, "full-scale invasion"),
    ("Refugees keep fleeing a large-scale war which Moscow had started against Ukraine.", None,
     "large-scale war"),
    ("الحرب الروسية الأوكرانية في حال استمرارها سترفع أسعار القمح.", None, "الحرب الروسية الأوكرانية"),
])
def test_the_war_under_way_is_still_found(text: str, published: str | None, found: str) -> None:
    assert overlaps(smo(text, published), found)
