"""Cited sources: who an article credits, across languages and scripts, and what is only a mention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.errors import ConfigError
from processors.stories.citations import extract_citations, fold
from processors.stories.outlets import load_outlets

CREDITS = [
    ("ru", "МОСКВА, 14 сентября. /ТАСС/. Генсек ОДКБ планирует визит.", ["tass"]),
    ("ru", "Как сообщает Царьград, саммит ОДКБ перенесён.", ["tsargrad"]),
    ("ru", "Об этом передаёт РИА Новости со ссылкой на источник.", ["ria"]),
    ("ru", "Ссылаясь на «Интерфакс», издание пишет о новых учениях.", ["interfax"]),
    ("ru", "Информацию подтвердили в агентстве ТАССа, сообщил собеседник.", ["tass"]),
    ("uk", "Про це повідомляє Bloomberg.", ["bloomberg"]),
    ("en", "LONDON (Reuters) - The fund raised its forecast.", ["reuters"]),
    ("en", "The summit was postponed, according to Xinhua.", ["xinhua"]),
    ("en", "as reported by the Associated Press on Monday", ["ap"]),
    ("bn", "জারগ্রাদ রিপোর্ট অনুযায়ী, সিএসটিও বৈঠক হবে।", ["tsargrad"]),
    ("bn", "রয়টার্সের প্রতিবেদন অনুযায়ী আলোচনা চলছে।", ["reuters"]),
    ("bn", "রয়টার্সের প্রতিবেদন অনুযায়ী আলোচনা চলছে।", ["reuters"]),  # two-code-point YA
    ("hi", "मेक्सिको सिटी (रायटर्स) – राष्ट्रपति ने कहा", ["reuters"]),
    ("ur", "رائٹرز کے مطابق مذاکرات جاری ہیں۔", ["reuters"]),
    ("ar", "وذكرت وكالة سبوتنيك أن الاجتماع تأجل.", ["sputnik"]),
    ("ar", "قال مسؤول لرويترز إن المحادثات مستمرة.", ["reuters"]),
    ("fa", "به گزارش خبرگزاری تاس، لاوروف گفت", ["tass"]),
    ("fa", "به گزارش بی‌بی‌سی فارسی", ["bbc"]),
    ("kk", "ҚазАқпарат хабарлағандай, жиын өтті.", ["kazinform"]),
    ("ky", "Кабар маалымдагандай, жыйын болот.", ["kabar"]),
    ("uz", "Kun.uz xabariga ko'ra, uchrashuv bo'ladi.", ["kun_uz"]),
    ("hy", "Ռուսական РИА Новости գործակալության փոխանցմամբ՝ հանդիպումը կայանալու է", ["ria"]),
    ("de", "Das berichtet die Nachrichtenagentur dpa.", ["dpa"]),
    ("es", "AFP. Una crisis diplomática se atiza en Ecuador.", ["afp"]),
    ("pl", "podała telewizja Dożd, powołując się na źródła", ["dozhd"]),
    ("sr", "Како преноси Спутник, састанак је одложен.", ["sputnik"]),
    ("zh", "据新华社报道，会议推迟。", ["xinhua"]),
    ("tr", "Anadolu Ajansı'nın haberine göre toplantı ertelendi.", ["anadolu"]),
]

NOT_CREDITS = [
    ("en", "Reuters is a British news agency founded in 1851."),
    ("ru", "Шёл дождь, сообщает корреспондент."),                       # дождь the weather, not the channel
    ("en", "Ministers met at the AP office. Nothing was said."),  # cue in another sentence
    ("ta", "ராய்ட்டர்ஸ் (Reuters) என்னும் சர்வதேச செய்தி நிறுவனத்தின் பக்கம் முடக்கப்பட்டுள்ளது."),
    ("fr", "L’agence britannique d’informations Reuters jouit d’une très bonne réputation."),
    ("bn", "আন্তর্জাতিক সংবাদ সংস্থা রয়টার্সের অফিশিয়াল এক্স হ্যান্ডেল ভারতে দেখা যাচ্ছে না।"),
    ("en", "Snapshots of the apple harvest were reported."),              # 'ap' only as written: AP
]


@pytest.mark.parametrize(("lang", "text", "expected"), CREDITS)
def test_credits_are_found_in_every_script(lang: str, text: str, expected: list[str]) -> None:
    assert [c.outlet for c in extract_citations("", text)] == expected, lang


@pytest.mark.parametrize(("lang", "text"), [(lang, text) for lang, text in NOT_CREDITS])
def test_a_bare_mention_is_not_a_credit(lang: str, text: str) -> None:
    assert extract_citations("", text) == [], lang


def test_spans_point_into_the_original_text_and_field() -> None:
    title, text = "İstanbul: TASS reported", "Zirve ertelendi, Anadolu Ajansı'nın haberine göre."
    cited = extract_citations(title, text)
    assert [(c.field, c.outlet) for c in cited] == [("title", "tass"), ("text", "anadolu")]
    for c in cited:
        assert (title if c.field == "title" else text)[c.start:c.end] == c.surface


def test_fold_keeps_offsets_for_characters_that_grow_when_lowered() -> None:
    assert len(fold("İİ ТАСС")) == len("İİ ТАСС")


def test_outlet_file_mistakes_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - id: x\n    name: X\n    domain: x.ru\n    country: ru\n"
                   "    ownership: secret\n    names: [X]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"outlets.yaml:2: ownership"):
        load_outlets(bad)


def test_annotate_outputs_cited_sources() -> None:
    line = json.dumps({"id": "a1", "lang": "bn", "text": "জারগ্রাদ রিপোর্ট অনুযায়ী সিএসটিও বৈঠক হবে।"},
                      ensure_ascii=False)
    result = CliRunner().invoke(cli, ["annotate"], input=line + "\n")
    assert result.exit_code == 0, result.output
    (output,) = [json.loads(x) for x in result.output.splitlines()]
    assert output["cited_sources"] == [{"outlet": "tsargrad", "surface": "জারগ্রাদ", "start": 0, "end": 8,
                                        "field": "text"}]


def test_eval_citations_prints_per_language_figures(tmp_path: Path) -> None:
    data = tmp_path / "gold.jsonl"
    items = [{"id": "1", "lang": "ru", "text": "Как сообщает ТАСС, всё.", "cited": ["tass"]},
             {"id": "2", "lang": "en", "text": "Reuters is an agency.", "cited": ["reuters"]}]
    data.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "citations", str(data)])
    assert result.exit_code == 0, result.output
    assert "ru        1    0    0  1.000  1.000  1.000" in result.output
    assert "en        0    0    1  1.000  0.000  0.000" in result.output
    assert "2 [en] expected ['reuters'], found none" in result.output
