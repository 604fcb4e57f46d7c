"""Classes of errors found on eval/mentions_dev2.jsonl (issue 13), one table per class.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.mentions import detect_mentions
from processors.mentions.gazetteer import load


def smo(text: str, lang: str = "und") -> list[str]:
    return [m.surface for m in detect_mentions("", text, lang) if m.entity == "SMO"]


@pytest.mark.parametrize(("text", "found"), [
    ("Israel launched a special military operation in Gaza, the IDF said.", []),
    ("Израиль начал специальную военную операцию в секторе Газа.", []),
    ("Türkiye, Suriye'nin kuzeyinde özel askeri operasyon başlattı.", []),
    ("以色列在加沙开始特别军事行动。", []),
    ("Russia's special military operation goes on while Israel fights in Gaza.",
     ["special military operation"]),
    ("Putin said the special military operation would go on.", ["special military operation"]),
])
def test_another_states_special_military_operation_is_not_the_war(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize(("text", "found"), [
    ("У 2017 році війна на сході України забрала життя сотень людей.", []),
    ("В 2016 году конфликт на востоке Украины продолжался.", []),
    ("OSCE monitors counted the dead of the war in eastern Ukraine.", []),
    ("Russia's war in eastern Ukraine entered its third year, Kyiv said.", ["Russia's war"]),
    ("Війна в Україні триває вже третій рік.", ["Війна в Україні"]),
])
def test_the_war_in_eastern_ukraine_is_the_war_of_2014_unless_russia_wages_it(text: str, found: list[str]) -> None:
    assert smo(text) == found


@pytest.mark.parametrize("text", [
    "ГУР Украины провело спецоперацию в Крыму.",
    "В ГУР Минобороны Украины раскрыли детали спецоперации на Кинбурнской косе.",
    "СБУ України провела спецоперацію в Криму.",
])
def test_ukraines_own_services_named_with_the_country_are_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize("text", [
    "Рятувальники ДСНС провели спецоперацію з порятунку собаки на Херсонщині.",
    "В освобождённом Херсоне сотрудники ГСЧС показали видео спецоперации по спасению кота.",
])
def test_a_rescue_services_special_operation_is_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("قالت الحكومة إن الحرب بين روسيا وأوكرانيا رفعت أسعار القمح.", "ar", ["الحرب بين روسيا وأوكرانيا"]),
    ("تقاوم أوكرانيا التوغل الروسي منذ ثلاث سنوات.", "ar", ["التوغل الروسي"]),
    ("توغل الجيش الإسرائيلي في غزة.", "ar", []),
    ("ロシアのウクライナ軍事進攻は3年目に入った。", "ja", ["ロシアのウクライナ軍事進攻"]),
    ("Рат у Украјини траје већ три године.", "sr", ["Рат у Украјини"]),
    ("Venemaa Ukrainasse tungimine algas 2022. aastal.", "et", ["Ukrainasse tungimine"]),
    ("Moskva tvrdí, že cílem takzvané speciální operace je demilitarizace.", "cs", ["speciální operace"]),
    ("Policie provedla speciální operaci proti drogovým dealerům.", "cs", []),
    ("بدأت روسيا عمليتها الخاصة في أوكرانيا في 24 فبراير.", "ar", ["عمليتها الخاصة"]),
    ("สงครามรัสเซีย–ยูเครนทำให้ราคาสูงขึ้น", "th", ["สงครามรัสเซีย–ยูเครน"]),
    ("Yakin Ukraine ya shiga shekara ta uku.", "ha", ["Yakin Ukraine"]),
    ("Gwamnati ta kaddamar da yaki da cin hanci a Kano.", "ha", []),
    ("Vita vya Ukraine vimeingia mwaka wa tatu.", "sw", ["Vita vya Ukraine"]),
    ("Vita vya Pili vya Dunia viliisha mwaka 1945.", "sw", []),
    ("Ang Digmaang Ruso-Ukranyo ay nagpapatuloy.", "tl", ["Digmaang Ruso-Ukranyo"]),
])
def test_paraphrase_arrangements_missing_in_a_language(text: str, lang: str, found: list[str]) -> None:
    assert smo(text, lang) == found


@pytest.mark.parametrize(("text", "found"), [
    ("Путин заявил, что спецоперация будет продолжена до достижения всех целей.", ["спецоперация"]),
    ("Putin said the special operation would continue until its goals were met.", ["special operation"]),
    ("Путин поблагодарил ФСБ за спецоперацию по задержанию террористов.", []),
    ("Russian special operations forces trained in Syria.", []),
])
def test_a_bare_special_operation_beside_putin_is_the_war(text: str, found: list[str]) -> None:
    assert smo(text) == found


def test_supports_must_name_known_cue_sets(tmp_path: Path) -> None:
    for source in Path(__file__).parents[2].joinpath("processors/mentions/data").glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    smo_yaml = tmp_path / "smo.yaml"
    smo_yaml.write_text(smo_yaml.read_text(encoding="utf-8").replace(
        "supports: [russia, ukraine, front]", "supports: [russia, nowhere]", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown cue set 'nowhere'"):
        load(tmp_path)
