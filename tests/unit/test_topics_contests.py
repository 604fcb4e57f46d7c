"""Politics against conflict: what the story reports decides the main topic, and the answer says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.iptc import classify_topics
from processors.iptc.rules import load_taxonomy

POLITICS, CONFLICT, DISASTER = "11000000", "16000000", "03000000"

# (lang, title, text, expected main topic): short news texts written for these tests.
SUMMITS_AND_STATEMENTS = [
    ("ru", "Лидеры стран ОДКБ на саммите в Минске обсудили ситуацию вокруг Украины",
     "Президенты шести государств встретились в Минске. В совместном заявлении по итогам саммита они выразили "
     "обеспокоенность продолжением войны. Путин заявил, что специальная военная операция идёт по плану."),
    ("en", "NATO leaders pledge long-term support for Ukraine at Vilnius summit",
     "Heads of state met for two days and agreed a joint communique that condemns Russia's war and promises air "
     "defence systems and ammunition. Zelensky addressed the summit and said Russian troops must leave."),
    ("uk", "Міністри закордонних справ ЄС на засіданні в Брюсселі обговорили війну",
     "Під час зустрічі міністри погодили новий пакет санкцій проти Росії через війну проти України, заявив Боррель "
     "на пресконференції."),
]
FIGHTING_REPORTS = [
    ("ru", "ВСУ обстреляли Белгородскую область: погибли двое мирных жителей",
     "Украинские военные нанесли удар беспилотниками по приграничным сёлам, заявил губернатор. Ранены пять человек. "
     "По данным Минобороны, силы ПВО сбили 12 беспилотников. Президент провёл совещание с Советом безопасности."),
    ("en", "Russian missile strike on Kharkiv kills five, wounds dozens",
     "Russian forces struck the city overnight with missiles and drones, the regional governor said. Air defence shot "
     "down 20 drones. The president condemned the attack in a statement and called on allies for more help."),
]


@pytest.mark.parametrize(("lang", "title", "text"), SUMMITS_AND_STATEMENTS, ids=[c[0] for c in SUMMITS_AND_STATEMENTS])
def test_a_summit_or_statement_about_the_war_is_politics_first(lang: str, title: str, text: str) -> None:
    topics = classify_topics(title, text, lang).topics
    assert topics[0].id == POLITICS
    assert CONFLICT not in [t.id for t in topics], "a war mentioned in a summit story is context, not a second topic"


@pytest.mark.parametrize(("lang", "title", "text"), FIGHTING_REPORTS, ids=[c[0] for c in FIGHTING_REPORTS])
def test_a_report_of_strikes_and_casualties_is_conflict_first(lang: str, title: str, text: str) -> None:
    topics = classify_topics(title, text, lang).topics
    assert topics[0].id == CONFLICT
    assert DISASTER not in [t.id for t in topics], "the dead of a strike are not a disaster story"


def test_the_main_topic_says_why_it_beat_the_runner_up() -> None:
    lang, title, text = SUMMITS_AND_STATEMENTS[0]
    main = classify_topics(title, text, lang).topics[0]
    assert main.why[0].startswith(f"over {CONFLICT}")
    frame = next(reason for reason in main.why if reason.startswith("frame"))
    assert "саммит*" in frame and f"{CONFLICT} evidence counted" in frame
    assert main.evidence and all(" +" in e or " -" in e for e in main.evidence)  # evidence keeps its format


def test_peace_talks_keep_the_war_as_a_second_topic() -> None:
    topics = classify_topics(
        "Лавров: Москва открыта к мирным переговорам с Украиной",
        "Министр иностранных дел России заявил в интервью, что Москва готова к мирным переговорам и урегулированию "
        "конфликта, но не к перемирию, которое позволит ВСУ перегруппироваться. Война, по его словам, идёт по вине Запада.",
        "ru").topics
    assert [t.id for t in topics][:2] == [POLITICS, CONFLICT]


def test_a_headline_outweighs_a_passing_reference() -> None:
    text = ("Сборная России по хоккею обыграла Казахстан со счётом 5:2 в финале турнира. Две шайбы забросил нападающий "
            "ЦСКА, вратарь отразил 30 бросков. Тренер поблагодарил болельщиков. ") * 2 + "Матч посетил министр спорта."
    assert classify_topics("", text, "ru").topics[0].id == "15000000"


def test_a_contest_names_two_known_topics(tmp_path: Path) -> None:
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text('topics:\n  "11000000": {en: politics}\ncontests:\n  - ["11000000", "16000000"]\n',
                        encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{taxonomy}:4: a contest is two different known topic ids"):
        load_taxonomy(taxonomy)
