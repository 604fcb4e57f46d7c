"""Classes found with eval/mentions_dev7.jsonl (issue 13), one table per class, each beside the
look-alike that must still count: cues fused with the suffixes of agglutinative languages, the war's
names with case suffixes, and the machine-translated "Northern Military District" of СВО against
real military districts.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from processors.mentions.endings import Endings, open_endings
from tests.unit.mentions_probe import smo


FUSED_FEAR = [
    "Washington, Rusya'nın Ukrayna'ya yönelik saldırısının her an başlayabileceğini açıkladı.",
    "Batılı başkentler Rusya'nın Ukrayna'yı işgal etme planından söz ediyor.",
    "ఉక్రెయిన్పై రష్యా దాడి జరిగే అవకాశాలు ఉన్నాయని అమెరికా హెచ్చరించింది.",
    "ഉക്രൈനിൽ റഷ്യൻ ആക്രമണം ഉണ്ടായേക്കാമെന്നാണ് അമേരിക്കയുടെ മുന്നറിയിപ്പ്.",
    "உக்ரைன் மீது ரஷ்யா விரைவில் தாக்குதல் நடத்தலாம் என அமெரிக்கா எச்சரிக்கை.",
    "미국은 러시아의 우크라이나 침공설에 대해 경고했다.",
    "미국은 러시아가 우크라이나를 곧 침공할 것이라고 밝혔다.",
    "ABŞ Rusiyanın Ukraynaya hücumunun başlaya biləcəyini bildirdi.",
    "Yhdysvallat varoitti, että Venäjän hyökkäys Ukrainaan saattaisi alkaa pian.",
    "АҚШ Ресейдің Украинаға шабуылы басталуы мүмкіндігін ескертті.",
    "米政府は、ロシアのウクライナ侵攻はいつでも起こり得ると警告した。",
    "Washington szerint az orosz invázió Ukrajna ellen bármikor megtörténhet.",
]


@pytest.mark.parametrize("text", FUSED_FEAR)
@pytest.mark.parametrize("published", [None, "2022-02"])
def test_a_feared_war_with_a_fused_modal_is_no_mention_before_the_war(text: str, published: str | None) -> None:
    assert smo(text, published) == []


@pytest.mark.parametrize("text", FUSED_FEAR)
def test_the_same_words_count_in_an_article_dated_after_the_invasion(text: str) -> None:
    assert smo(text, "2023-04-11") != []


@pytest.mark.parametrize(("text", "found"), [
    ("Rusya'nın Ukrayna'ya saldırısından bu yana fiyatlar iki katına çıktı.", "Rusya'nın Ukrayna'ya saldırısı"),
    ("Ресейдің Украинаға басып кіруі екінші жылға созылды.", "Ресейдің Украинаға басып кіруі"),
    ("러시아의 우크라이나 침공 이후 유가가 올랐다.", "러시아의 우크라이나 침공"),
    ("ரஷ்யா-உக்ரைன் போர் மூன்றாவது ஆண்டை எட்டியது.", "ரஷ்யா-உக்ரைன் போர்"),
    ("ரஷ்யாவின் உக்ரைன் போரில் ஆயிரக்கணக்கானோர் உயிரிழந்தனர்.", "உக்ரைன் போரில்"),
    ("உக்ரைன் தாக்குதலின் இரண்டாம் ஆண்டு நிறைவு இன்று.", "உக்ரைன் தாக்குதலின்"),
    ("റഷ്യ-യുക്രൈൻ യുദ്ധം നാലാം വർഷത്തിലേക്ക് കടക്കുന്നു.", "റഷ്യ-യുക്രൈൻ യുദ്ധം"),
])
def test_the_war_is_found_under_case_suffixes(text: str, found: str) -> None:
    assert any(found in surface or surface in found for surface in smo(text))


@pytest.mark.parametrize(("form", "opened"), [
    ("olası", "olası*"),            # long enough: any ending (olasılığı)
    ("her an", "her an"),           # short words stay closed
    ("అవకాశం", "అవకాశ*"),           # a final anusvara gives way to the suffix (అవకాశాలు)
    ("NATO", "NATO"),               # abbreviations keep their form
    ("~ebilir*|abilece*", "~ebilir*|abilece*"),
])
def test_cue_words_of_agglutinative_languages_take_endings(form: str, opened: str) -> None:
    assert open_endings(form, Endings(min_stem=4, changes=("ం",)), closed_too=True) == opened


def test_entity_forms_keep_closed_words_closed() -> None:
    assert open_endings("sota போர்*", Endings(min_stem=4, changes=("்",)), closed_too=False) == "sota போர*"


@pytest.mark.parametrize("text", [
    "Veterans of the Northern Military District who fought in Ukraine were honoured in Ryazan.",
    "The governor met the families of NMD participants; the men have served in the zone since the fighting in Donbas began.",
    "Russian volunteers left for the Northern Military Okrug zone to fight the Ukrainian army.",
])
def test_the_machine_translated_district_counts_in_an_article_about_the_war(text: str) -> None:
    assert smo(text, "2024-05-02") != []


@pytest.mark.parametrize("text", [
    "The Northern Military District existed in the Soviet Union from 1951 to 1960, with its headquarters in Petrozavodsk.",
    "Russia now has five military districts: the Western, Southern, Central, Eastern and Northern Military District.",
    "The IDF Northern Command reinforced its units along the border with Lebanon.",
    "تم الإعلان رسميا عن إنشاء المنطقة العسكرية الشمالية للقوات المسلحة الملكية في الحسيمة.",
    "Patients with NMD in Russia and Ukraine face long waits for wheelchairs, a neuromuscular disease survey found.",
])
def test_real_districts_and_other_nmds_are_no_mention(text: str) -> None:
    assert smo(text, "2024-05-02") == []
