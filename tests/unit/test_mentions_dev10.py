"""Classes found with eval/mentions_dev10.jsonl (issue 13), each beside the look-alike that must stay
silent: the CSTO's names in Lithuanian, Mongolian (with its genitive), Malayalam and Thai letters, the
Russian name romanised, word-for-word machine translations, the collective rapid reaction and
deployment forces (Chinese, Ukrainian, French, KSOR), a Latin abbreviation glued to Chinese, the
swapped "CTSO", the Italian "Csto"; the same letters meaning something else (ОДКБ a children's
hospital, OTSC an endoscopy clip, KTMT computer engineering, CRRF a refugee framework, САДА / СПАД
Russian words in capitals);
"special operations" carried out by Kyiv or Ukraine's army and services (ru, uk, de, fr, it, hi, zh),
and the invasions feared of Russia's other neighbours.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import csto, overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Kolektyvinio saugumo sutarties organizacijos viršūnių susitikimas vyks Minske.",
     "Kolektyvinio saugumo sutarties organizacijos"),
    ("KSSO narės susitiko Jerevane.", "KSSO"),
    ("ХАБГБ-ын гишүүн орнууд Минскт уулзав.", "ХАБГБ"),
    ("Хамтын аюулгүй байдлын гэрээний байгууллагын ерөнхий нарийн бичгийн дарга Москвад ирэв.",
     "Хамтын аюулгүй байдлын гэрээний байгууллагын"),
    ("കളക്ടീവ് സെക്യൂരിറ്റി ട്രീറ്റി ഓർഗനൈസേഷന്റെ യോഗം മോസ്കോയിൽ നടന്നു.", "കളക്ടീവ് സെക്യൂരിറ്റി ട്രീറ്റി ഓർഗനൈസേഷന്റെ"),
    ("ซีเอสทีโอประชุมที่มอสโก", "ซีเอสทีโอ"),
    ("Russia leads the Organizatsiya Dogovora o Kollektivnoy Bezopasnosti, a military bloc.",
     "Organizatsiya Dogovora o Kollektivnoy Bezopasnosti"),
    ("Armenia froze its participation in the Organization of the Collective Security Treaty last year.",
     "Organization of the Collective Security Treaty"),
    ("Հավաքական անվտանգության պայմանագրի կազմակերպում ընդգրկված երկրները հանդիպեցին։",
     "Հավաքական անվտանգության պայմանագրի կազմակերպում"),
])
def test_the_csto_is_found_under_more_names_and_spellings(text: str, found: str) -> None:
    assert overlaps(csto(text), found)


@pytest.mark.parametrize(("text", "found"), [
    ("集体快速反应部队在塔吉克斯坦举行演习。", "集体快速反应部队"),
    ("Колективні сили швидкого розгортання провели навчання в Таджикистані.", "Колективні сили швидкого розгортання"),
    ("Les forces collectives d'intervention rapide de l'alliance ont été renforcées.",
     "forces collectives d'intervention rapide"),
    ("The CSTO agreed in 2009 to create the KSOR, a force of several thousand troops.", "KSOR"),
    ("Member states will discuss the Collective Rapid Response Forces in Central Asia.", "Collective Rapid Response Forces"),
])
def test_the_collective_rapid_forces_are_the_csto(text: str, found: str) -> None:
    assert overlaps(csto(text), found)


def test_a_latin_abbreviation_glued_to_chinese_is_a_word_of_its_own() -> None:
    assert csto("该组织简称CSTO，总部设在莫斯科。") == ["CSTO"]


def test_the_swapped_abbreviation_counts_only_beside_russia() -> None:
    assert csto("The CTSO summit in Moscow gathered the leaders of Russia and Belarus.") == ["CTSO"]
    assert csto("Students joined a CTSO such as DECA at their high school.") == []
    assert csto("KSOR broadcasts classical music across southern Oregon.") == []


@pytest.mark.parametrize("text", [
    "Врачи ОДКБ провели сложную операцию трёхлетнему пациенту.",
    "В областной детской клинической больнице (ОДКБ) открыли новое отделение.",
])
def test_the_childrens_hospital_odkb_is_not_the_csto(text: str) -> None:
    assert csto(text) == []


@pytest.mark.parametrize("text", [
    "Саммит ОДКБ пройдёт в Минске в ноябре.",
    "Военные врачи вошли в миротворческий контингент ОДКБ в Казахстане.",
])
def test_the_alliance_odkb_still_counts_beside_doctors(text: str) -> None:
    assert csto(text) == ["ОДКБ"]


@pytest.mark.parametrize("text", [
    "Kyiv has executed a “special operation” against Russian airfields, officials said.",
    "Ukraine had successfully conducted a special operation deep inside Russia.",
    "乌克兰军方在克里米亚实施了一次特别行动。",
    "Украина провела специальную операцию в Крыму.",
    "Київ провів спецоперацію проти російських аеродромів.",
    "Kiew hat eine Spezialoperation gegen russische Flugplätze durchgeführt.",
    "Le renseignement ukrainien a mené une opération spéciale contre des aérodromes russes.",
    "यूक्रेन की खुफिया एजेंसियों ने क्रीमिया में विशेष अभियान चलाया।",
    "L'Ucraina ha organizzato un'operazione speciale in Crimea.",
])
def test_a_special_operation_carried_out_by_kyiv_or_its_army_is_not_the_war(text: str) -> None:
    assert smo(text) == []


def test_italian_papers_write_the_abbreviation_as_a_name() -> None:
    assert csto("La Csto ha tenuto un vertice a Minsk.") == ["Csto"]


@pytest.mark.parametrize("text", [
    "A Russian invasion of Moldova would be a disaster for Europe.",
    "Российское вторжение в Прибалтику станет катастрофой для Европы.",
    "Une invasion russe de la Pologne serait une catastrophe.",
    "Rosyjska inwazja na Litwę byłaby katastrofą.",
])
def test_an_invasion_feared_of_another_neighbour_is_not_the_war(text: str) -> None:
    assert smo(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Russia's invasion of Ukraine pushed Poland and Finland to rearm.", "Russia's invasion of Ukraine"),
    ("L'invasion russe de l'Ukraine inquiète la Pologne.", "invasion russe de l'Ukraine"),
    ("Россия провела спецоперацию на Украине, заявил Песков.", "спецоперацию"),
    ("Die Ukraine hat Russlands Spezialoperation als Krieg bezeichnet.", "Spezialoperation"),
    ("रूस ने यूक्रेन में विशेष अभियान शुरू किया।", "विशेष अभियान"),
])
def test_ukraine_or_a_neighbour_named_beside_russias_war_does_not_veto_it(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "ЗАВЕДУЮЩАЯ ДЕТСКОГО САДА ПОЛУЧИЛА НАГРАДУ",
    "РЕЗКИЙ СПАД ПРОИЗВОДСТВА В РЕГИОНЕ",
    "Over-the-scope clips (OTSC) were used to close perforations in 21 patients.",
    "Ngành Kỹ thuật Máy tính (KTMT) tuyển 200 sinh viên năm nay.",
    "Uganda was the first country to implement the CRRF for refugees.",
])
def test_the_same_letters_with_another_meaning_are_not_the_csto(text: str) -> None:
    assert csto(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Ҷаласаи Шӯрои амнияти дастаҷамъии САДА дар Душанбе баргузор шуд.", "САДА"),
    ("Armenia congela su participación en la OTSC.", "OTSC"),
    ("Ermənistan KTMT-yə üzvlüyü dondurdu.", "KTMT"),
    ("The total strength of the CSTO CRRF is about 20,000 troops.", "CRRF"),
])
def test_the_abbreviations_still_count_in_their_own_sense(text: str, found: str) -> None:
    assert found in csto(text)
