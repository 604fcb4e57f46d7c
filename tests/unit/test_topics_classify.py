"""IPTC topics and watched subtopics for articles in each script our sources use, with evidence."""

from __future__ import annotations

import pytest

from processors.iptc import classify_topics

# (lang, title, text, expected main topic): short news texts written for these tests.
CASES = [
    ("en", "Magnitude 6.1 earthquake strikes eastern Turkey",
     "Rescuers searched the rubble overnight as the death toll rose to 14, the disaster agency said.", "03000000"),
    ("ru", "Сборная России вышла в финал чемпионата мира по хоккею",
     "Хоккеисты обыграли соперников со счётом 4:2, две шайбы забросил нападающий клуба ЦСКА.", "15000000"),
    ("uk", "", "Лікарі попереджають про епідемію грипу: кількість пацієнтів у лікарнях Києва зросла вдвічі, "
     "МОЗ радить вакцинуватися.", "07000000"),
    ("be", "", "Урад зацвердзіў новы бюджэт: інфляцыя і падаткі застануцца пад кантролем, заявіў міністр фінансаў, "
     "а курс рубля будзе стабільным.", "04000000"),
    ("kk", "", "Ұлттық бірыңғай тестілеу биыл маусым айында өтеді. Мектеп түлектері мен талапкерлер "
     "емтиханға онлайн тіркеле алады.", "05000000"),
    ("ky", "", "Бишкекте жамгыр жаап, тоолуу аймактарда кар жаайт. Синоптиктер абанын температурасы "
     "5 градуска чейин төмөндөйт деп эскертишти.", "17000000"),
    ("tg", "", "Дар Душанбе намоишгоҳи расмҳои рассомони ҷавон кушода шуд. Дар осорхона инчунин консерти "
     "мусиқии классикӣ баргузор гардид.", "01000000"),
    ("uz", "", "Sud firibgarlikda ayblangan sobiq amaldorni 7 yilga ozodlikdan mahrum qildi. Prokuror "
     "jinoyat ishi bo'yicha yangi dalillarni taqdim etdi.", "02000000"),
    ("de", "", "Die Gewerkschaft ruft zum Streik auf: Die Beschäftigten fordern höhere Löhne und kürzere "
     "Arbeitszeiten, der Arbeitgeberverband lehnt ab.", "09000000"),
    ("fr", "", "Le pape a célébré la messe de Pâques devant des milliers de fidèles réunis place Saint-Pierre "
     "au Vatican.", "12000000"),
    ("es", "", "Científicos de la NASA lanzaron un nuevo telescopio espacial que estudiará planetas y galaxias "
     "lejanas.", "13000000"),
    ("pl", "", "Ekolodzy alarmują: zanieczyszczenie powietrza i smog w Krakowie przekraczają normy, a emisja "
     "CO2 rośnie.", "06000000"),
    ("tr", "", "Savunma Bakanlığı, sınır hattında askeri operasyonun sürdüğünü ve füze saldırısının "
     "püskürtüldüğünü açıkladı.", "16000000"),
    ("ar", "", "أعلنت الحكومة أن البرلمان سيصوت على مشروع قانون الانتخابات الجديد الأسبوع المقبل بحضور رئيس الوزراء.",
     "11000000"),
    ("fa", "", "گردشگران خارجی برای دیدن جاذبه‌های اصفهان به این شهر سفر می‌کنند و هتل‌ها پر از مسافر شده است.",
     "10000000"),
    ("hi", "", "भारत ने क्रिकेट मैच में ऑस्ट्रेलिया को हराया। कप्तान ने शतक लगाया और गेंदबाजों ने तीन विकेट लिए।",
     "15000000"),
    ("bn", "", "দেশে বেকারত্ব বাড়ছে; পোশাকশ্রমিকরা ন্যূনতম মজুরি বৃদ্ধির দাবিতে ধর্মঘট ডেকেছেন।", "09000000"),
    ("hy", "", "Երևանում մեկնարկեց միջազգային կինոփառատոնը, որին մասնակցում են ռեժիսորներ և դերասաններ "
     "տարբեր երկրներից։", "01000000"),
    ("ka", "", "ეკლესიაში საშობაო წირვა ჩატარდა, რომელსაც პატრიარქი და ათასობით მორწმუნე დაესწრო.", "12000000"),
    ("zh", "", "国家统计局公布数据显示，今年经济增长百分之五，通胀保持稳定，出口和投资有所增加。", "04000000"),
    ("az", "", "Azərbaycan yığması futbol üzrə çempionatın seçmə matçında rəqibini 2:0 hesabı ilə məğlub etdi.",
     "15000000"),
]


@pytest.mark.parametrize(("lang", "title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_main_topic_in_each_language(lang: str, title: str, text: str, expected: str) -> None:
    result = classify_topics(title, text, lang)
    assert result.topics, "no topic at all"
    assert result.topics[0].id == expected
    assert 1 <= len(result.topics) <= 3


@pytest.mark.parametrize(("lang", "title", "text", "expected"), CASES[:6], ids=[c[0] for c in CASES[:6]])
def test_every_topic_carries_its_evidence(lang: str, title: str, text: str, expected: str) -> None:
    for topic in classify_topics(title, text, lang).topics:
        assert topic.evidence, f"{topic.id} without evidence"
        assert topic.label
        assert 0 < topic.score < 1


def test_topics_are_ordered_best_first() -> None:
    result = classify_topics("Football club fined after fans clash with police",
                             "Police arrested 12 supporters after the match; the league fined the club.", "en")
    scores = [t.score for t in result.topics]
    assert scores == sorted(scores, reverse=True)


def test_headline_only_is_classified() -> None:
    assert classify_topics("Землетрясение магнитудой 6,2 произошло на Камчатке", "", "ru").topics[0].id == "03000000"
    assert classify_topics("Parliament passes new election law", "", "en").topics[0].id == "11000000"


@pytest.mark.parametrize(("title", "text"), [("", ""), ("   ", "\n\t"), ("12:30", "—"), ("", "lorem ipsum dolor")])
def test_empty_or_topicless_input_yields_no_topic(title: str, text: str) -> None:
    assert classify_topics(title, text, "en").topics == []


def test_huge_input_is_classified_by_its_lead() -> None:
    lead = "The central bank raised interest rates as inflation climbed. " * 200_000  # ~12 MB
    tail = " Earthquake, tsunami, rescuers, death toll, magnitude, aftershocks." * 50
    result = classify_topics("", lead + tail, "en")
    assert result.topics[0].id == "04000000"
    assert "03000000" not in [t.id for t in result.topics]  # the tail beyond the lead is not read


def test_unknown_or_undetermined_language_uses_every_rule_set() -> None:
    text = "Землетрясение магнитудой 6,2 произошло ночью, спасатели МЧС разбирают завалы."
    assert classify_topics("", text, "und").topics[0].id == "03000000"
    assert classify_topics("", "Un terremoto de magnitud 6 sacudió la costa; los bomberos rescatan víctimas.",
                           "ro").topics[0].id == "03000000"


@pytest.mark.parametrize(("lang", "text", "subtopic"), [
    ("ru", "Министры обороны стран ОДКБ договорились о совместных учениях Коллективных сил оперативного "
           "реагирования в Таджикистане.", "mm:defence-alliances"),
    ("en", "The EU adopted a new package of sanctions, including an asset freeze and an oil price cap.",
     "mm:sanctions"),
    ("en", "Voters went to the polls in the presidential election; turnout was 61 percent, the electoral "
           "commission said.", "20000574"),
    ("de", "China beschränkt den Export seltener Erden; auch Gallium und Germanium sind betroffen.",
     "mm:critical-minerals"),
    ("uk", "Україна отримала новий пакет військової допомоги: постачання зброї включає ППО.", "mm:arms-trade"),
    ("fr", "Un attentat terroriste revendiqué par l'État islamique a fait dix morts.", "20000053"),
    ("es", "Miles de migrantes cruzaron la frontera; las solicitudes de asilo se duplicaron.", "20000771"),
    ("kk", "Мұнай өндіру көлемі артты, газ құбыры арқылы экспорт ұлғайды.", "mm:energy"),
])
def test_watched_subtopics(lang: str, text: str, subtopic: str) -> None:
    result = classify_topics("", text, lang)
    found = {s.id: s for s in result.subtopics}
    assert subtopic in found
    assert found[subtopic].evidence


def test_a_routine_story_has_no_watched_subtopic() -> None:
    assert classify_topics("", "The bakery on Main Street won a prize for its apple pie recipe.", "en").subtopics == []

