"""The paraphrase grammar (data/grammar.yaml): the war described rather than named, in many languages.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.mentions import build_matcher, detect_mentions
from processors.mentions.gazetteer import load


def smo(text: str) -> list[tuple[str, str | None]]:
    return [(m.surface, m.framing) for m in detect_mentions("", text, "und") if m.entity == "SMO"]


@pytest.mark.parametrize(("text", "surface"), [
    ("Analysts expect Russia's war on Ukraine to drag on into next year.", "Russia's war on Ukraine"),
    ("Die Preise stiegen nach dem Einmarsch Russlands in die Ukraine stark.", "Einmarsch Russlands in die Ukraine"),
    ("Экономисты оценили последствия вторжения российских войск на Украину.", "вторжения российских войск на Украину"),
    ("Польща прийняла біженців після нападу Росії на Україну.", "нападу Росії на Україну"),
    ("Les prix ont grimpé avec le conflit entre la Russie et l'Ukraine.", "conflit entre la Russie et l'Ukraine"),
    ("De oorlog in Oekraïne drijft de energieprijzen op.", "oorlog in Oekraïne"),
    ("Rusya-Ukrayna savaşı tahıl fiyatlarını etkiledi.", "Rusya-Ukrayna savaşı"),
    ("रूस और यूक्रेन के बीच युद्ध से तेल महंगा हुआ।", "रूस और यूक्रेन के बीच युद्ध"),
    ("俄罗斯对乌克兰的战争推高了粮价。", "俄罗斯对乌克兰的战争"),
    ("ロシアのウクライナ侵攻で物価が上がった。", "ロシアのウクライナ侵攻"),
    ("Harga gandum naik karena perang Rusia-Ukraina.", "perang Rusia-Ukraina"),
])
def test_paraphrase_found_with_its_whole_phrase_and_war_framing(text: str, surface: str) -> None:
    assert smo(text) == [(surface, "war")]


def test_every_mention_names_its_arrangement() -> None:
    (mention,) = detect_mentions("", "Sanctions followed the Russian invasion of Ukraine.", "en")
    assert mention.surface == "Russian invasion of Ukraine"
    assert mention.rule.startswith("smo.")


@pytest.mark.parametrize("text", [
    "Вторжение украинских войск в Курскую область застало Москву врасплох.",
    "Im Fall eines russischen Angriffs auf die Ukraine drohen harte Sanktionen.",
    "The ATO zone saw heavy fighting in 2015, the worst of the war in Donbas.",
    "В разгар медиа-войны российские СМИ сменили тон.",
])
def test_confusable_phrases_are_not_the_war(text: str) -> None:
    assert smo(text) == []


def test_a_region_counts_only_once_the_war_is_established() -> None:
    assert smo("Shelling continued in Donetsk.") == []
    assert smo("The war in Donetsk is part of the special military operation.")[0][0] == "war in Donetsk"


def test_grammar_becomes_one_entry_per_template_and_language() -> None:
    ids = {e.id for e in load().entries if ".grammar." in e.id}
    assert {"smo.grammar.en.event_place", "smo.grammar.ru.event_actor", "smo.grammar.zh.actor_country_event"} <= ids
    assert "smo.grammar.en.event_actor" not in ids  # skipped: "invasion of Russia" is the other way round
    assert len({i.split(".")[2] for i in ids}) >= 50


def test_a_bad_lexicon_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "grammar.yaml").write_text(
        "entity: SMO\ntemplates:\n  event_place: {form: \"{event} {gap} {country}\"}\n"
        "languages:\n  xx:\n    event: war\n    country: [\"ukraine\"]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"grammar.yaml:\d+: lexicon 'event'"):
        build_matcher(tmp_path)


@pytest.mark.parametrize(("text", "surface"), [
    ("Poetin noemde het een speciale militaire operatie.", "speciale militaire operatie"),
    ("Η ειδική στρατιωτική επιχείρηση συνεχίζεται.", "ειδική στρατιωτική επιχείρηση"),
    ("ರಷ್ಯಾ ಉಕ್ರೇನ್ ಮೇಲೆ ಯುದ್ಧ ಮುಂದುವರಿದಿದೆ.", "ರಷ್ಯಾ ಉಕ್ರೇನ್ ಮೇಲೆ ಯುದ್ಧ"),
    ("Амалиёти вижаи Русия дар Украина идома дорад.", "Амалиёти вижаи"),
])
def test_languages_added_for_issue_13(text: str, surface: str) -> None:
    assert [s for s, _ in smo(text)][:1] == [surface]
