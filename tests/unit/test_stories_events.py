"""Event classes: what kind of event an article leads with keeps same-day stories on the same actors
apart, and lets a story told over days stay one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mediamon.errors import ConfigError
from processors.stories.cluster import StoryClusterer
from processors.stories.events import MEETING, class_names, event_classes, load_lexicon

T0 = datetime(2022, 9, 21, 6, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "classes"), [
    ("Two blasts hit the Crimean bridge before dawn, officials said.", ["explosion"]),
    ("На Крымском мосту прогремел взрыв, сообщили власти.", ["explosion"]),
    ("Вибух на Кримському мосту пошкодив дві секції, повідомили в уряді.", ["explosion"]),
    ("وقع الانفجار على جسر القرم فجر السبت.", ["explosion"]),  # clitic ال
    ("ক্রিমিয়া সেতুতে বিস্ফোরণে তিনজন নিহত হয়েছেন।", ["explosion", "death"]),
    ("क्रीमिया पुल पर विस्फोट हुआ, अधिकारियों ने बताया।", ["explosion"]),
    ("Kırım köprüsünde patlama meydana geldi, yetkililer açıkladı.", ["explosion"]),
    ("Путин подписал указ о частичной мобилизации, сообщили в Кремле.", ["mobilisation", "signing"]),
    ("بوتين يعلن التعبئة الجزئية في روسيا اليوم الأربعاء.", ["mobilisation"]),
    ("Putin ordnete am Mittwoch eine Teilmobilmachung an, teilte der Kreml mit.", ["mobilisation"]),
    ("Russia and Ukraine swapped prisoners overnight, Kyiv said.", ["exchange"]),
    ("Россия и Украина провели обмен пленными, заявили в Киеве.", ["exchange"]),
    ("তুরস্কের মধ্যস্থতায় রাশিয়া ও ইউক্রেনের বন্দি বিনিময় হয়েছে বলে কিয়েভ জানিয়েছে।", ["exchange"]),
    ("Ұшақ Ақтау маңында апатқа ұшырады, деп хабарлады министрлік.", ["crash"]),
    ("Samolyot Aqtau yaqinida halokatga uchradi, deb xabar berdi vazirlik.", ["crash"]),
    ("Кыргызстанда 19-сентябрь улуттук аза күнү деп жарыяланды.", ["mourning"]),
    ("Tizenegy embert tartóztattak le az orosz hatóságok szombaton.", ["detention"]),
    ("Szombaton letartóztatták a gyanúsítottakat, közölte az FSZB.", ["detention"]),
    ("La policía informó de once detenidos tras el ataque.", ["detention"]),
    ("در این انفجار دست کم پنج نفر کشته شدند.", ["explosion", "death"]),
    ("حداداً على أرواح الضحايا أعلنت الحكومة الحداد ثلاثة أيام.", ["mourning"]),  # tanween, then clitic
    ("قالت الشرطة إن تيراندازي وقعت قرب السفارة.", ["shooting"]),  # Persian word in Arabic yeh
    ("Prime Minister Sheikh Hasina resigned and left the country.", ["resignation"]),
    ("প্রধানমন্ত্রী শেখ হাসিনা পদত্যাগ করেছেন বলে জানিয়েছেন সেনাপ্রধান।", ["resignation"]),
    ("प्रधानमंत्री शेख हसीना ने अपने पद से इस्तीफा दे दिया है।", ["resignation"]),
    ("Separatist forces agreed to a ceasefire on Wednesday, Baku said.", ["ceasefire"]),
    ("Стороны договорились о перемирии на время праздников.", ["ceasefire"]),
    ("Сторони домовилися про великоднє перемир'я на Донбасі.", ["ceasefire"]),
    ("توصل الطرفان إلى الهدنة مساء الأربعاء.", ["ceasefire"]),  # clitic ال
    ("Suriye'de dört günlük ateşkes başladı.", ["ceasefire"]),
    ("Азербайджан начал антитеррористические мероприятия в Карабахе.", ["offensive"]),
    ("Azerbaycan Karabağ'da antiterör operasyonu başlattı.", ["offensive"]),
    ("Армения выйдет из ОДКБ, заявил Пашинян в парламенте.", ["exit"]),
    ("Пашинян заявив, що Вірменія вийде з ОДКБ.", ["exit"]),
    ("अपराध ट्रिब्यूनल ने पूर्व प्रधानमंत्री शेख हसीना को मृत्यु दंड दिया है।", ["death"]),
    ("সরকার ভারতের কাছে শেখ হাসিনার প্রত্যর্পণের জন্য একটি চিঠি পাঠাল।", ["extradition"]),
    ("Россия уведомила Турцию о возражении против продления зерновой сделки.", ["suspension"]),
    ("У Кремлі відмовилися від продовження зернової угоди, заявив Пєсков.", ["suspension"]),
    ("Представитель Кремля заявил, что договоренности прекратили свое действие.", ["suspension"]),
    ("По данным экзитполов, партия Мерца набирает 29,5 процента.", ["victory"]),
    ("\"Спечелихме изборите\", заяви Фридрих Мерц след обявяването на резултатите.", ["victory"]),
    ("Chancellor Olaf Scholz conceded the SPD's defeat in the federal elections.", ["concession"]),
    ("Prime Minister Narendra Modi visited the site of the plane crash in Ahmedabad.", ["crash", "visit"]),
])
def test_the_event_an_article_leads_with_is_named_in_many_languages(text: str, classes: list[str]) -> None:
    assert class_names(event_classes("", text)[0]) == classes


@pytest.mark.parametrize("text", [
    "Песков указал, что Кремль не будет комментировать слухи.",  # указал is not указ (decree)
    "অভিনেতা সৌমিত্র রায় নতুন ছবির শুটিং শুরু করেছেন।",  # the surname Roy, not রায় (verdict)
    "Генсек Организации Договора о коллективной безопасности прибыл в Ереван.",  # a treaty's name, no signing
    "Председатель правительства провёл совещание о ценах на зерно.",
    "Заложенное в самокат устройство было приведено в действие утром.",  # Russian: set off, not detained
    "La selección ganó el partido amistoso por dos goles a cero.",  # a match won is no vote's result
])
def test_words_that_only_look_like_event_words_name_no_event(text: str) -> None:
    assert event_classes("", text)[:4] == (0, 0, False, False)


@pytest.mark.parametrize(("text", "announces"), [
    ("Vladimir Putin will sign the accession treaties on Friday in the Kremlin, Dmitry Peskov said.", True),
    ("Юбилейный саммит ОДКБ состоится в Москве 16 мая, сообщили в Кремле.", True),
    ("Путин прилетел в Бишкек для участия в саммите СНГ, сообщили в Кремле.", True),  # arrived to take part
    ("Путин принял участие в саммите СНГ в Бишкеке, сообщили в Кремле.", False),  # took part
    ("Путин подпишет договоры о вхождении четырёх регионов 30 сентября.", True),
    ("Зустріч Трампа і Путіна має відбутися 15 серпня на Алясці.", True),
    ("قال الكرملين إن بوتين سيوقع معاهدات الضم يوم الجمعة.", True),
    ("وسوف يلتقي الرئيس خلال الزيارة رئيس الوزراء.", True),  # clitic و
    ("قالت الوزارة إن الحكومة تخطط لإرسال وفد إلى المنطقة.", True),  # plans
    ("Cumhurbaşkanı yarın Bakü'deki zirveye katılacak.", True),
    ("প্রধানমন্ত্রী আগামীকাল লন্ডনে সম্মেলনে যোগ দেবেন।", True),
    ("Vladimir Putin signed the accession treaties on Friday in the Kremlin, Dmitry Peskov said.", False),
    ("Песков указал, что Кремль не будет комментировать слухи.", False),  # a refusal, not an announcement
    ("Putin signed the treaties on Friday in the Kremlin. The West says it will never recognise them.", False),
])
def test_a_lead_that_announces_what_is_still_to_come_is_told_apart(text: str, announces: bool) -> None:
    assert event_classes("", text).announces is announces


@pytest.mark.parametrize(("text", "reacts"), [
    ("Dmitry Peskov commented on Armenia's refusal to sign the CSTO declaration in Yerevan.", True),
    ("Bangladesh on Monday urged India to extradite former Prime Minister Sheikh Hasina.", True),
    ("Bangladesh has formally requested India to extradite Sheikh Hasina, sentenced to death by a Dhaka court.", True),
    ("Песков прокомментировал отказ Армении подписывать документы саммита ОДКБ.", True),
    ("В Кремле отреагировали на слова Пашиняна о заморозке участия в ОДКБ.", True),
    ("У Кремлі прокоментували слова міністра закордонних справ України.", True),
    ("Минобороны России прокомментировало удары украинских дронов по аэродромам.", False),  # the event's own report
    ("Песков заявил, что Кремль не будет комментировать слухи.", False),  # a statement, not a reaction
    ("Sheikh Hasina was sentenced to death in absentia in Dhaka. Bangladesh then urged India to extradite her.",
     False),  # not the lead
    ("The cabinet lifted the martial law the president had declared the night before.", True),
    ("Парламент Армении отменил военное положение, введённое в сентябре.", True),
    ("Парламент скасував воєнний стан, що діяв пів року.", True),
    ("Tokayev congratulated Japarov on the parliamentary election in Kyrgyzstan.", True),
    ("Токаев направил поздравление Жапарову по случаю выборов в Жогорку Кенеш.", True),
    ("Тоқаев Мирзиёевті сайлаудағы жеңісімен құттықтады.", True),
    ("Токаев Жапаровду шайлоодогу жеңиши менен куттуктады.", True),
    ("The president declared emergency martial law in a televised address.", False),  # the event itself
    ("The central election commission published the preliminary results of the vote.", False),
])
def test_a_lead_that_reports_a_reaction_is_told_apart(text: str, reacts: bool) -> None:
    assert event_classes("", text).reacts is reacts


def test_the_lead_is_the_title_and_first_sentence_and_the_rest_only_recalls() -> None:
    text = ("The FSB detained eleven people on Saturday morning, its director told the president. "
            "Gunmen had opened fire in the concert hall on Friday evening.")
    lead, whole, *_ = event_classes("", text)
    assert class_names(lead) == ["detention"]
    assert class_names(whole) == ["shooting", "detention"]
    assert class_names(event_classes("Crocus City Hall shooting", text)[0]) == ["shooting", "detention"]


DECREE = ("Vladimir Putin announced a partial mobilisation of reservists in Russia on 21 September, "
          "Sergei Shoigu said in Moscow that 300,000 reservists from Donetsk, Luhansk, Zaporizhzhia and Kherson "
          "regions will be called up.")
DECREE_RU = ("Владимир Путин объявил 21 сентября частичную мобилизацию в России, Сергей Шойгу сказал в Москве, "
             "что призовут 300 000 резервистов; Донецк, Луганск, Запорожье, Херсон.")
SWAP = ("Vladimir Putin approved a prisoner exchange on 21 September: Sergei Shoigu said in Moscow that 215 "
        "Ukrainians from Donetsk, Luhansk, Zaporizhzhia and Kherson regions were handed over for Viktor Medvedchuk.")


def test_without_its_event_word_the_swap_would_join_the_decree_on_names_and_date_alone() -> None:
    clusterer = StoryClusterer()
    clusterer.add("en-decree", T0, "", DECREE)
    unnamed = clusterer.add("en-swap", T0 + timedelta(hours=1), "", SWAP.replace("a prisoner exchange", "a deal"))
    assert unnamed.story_id == "en-decree"


WITHDRAWAL_RU = ("Министерство обороны России: вывод миротворцев ОДКБ из Казахстана начался 13 января, "
                 "контингент Армении, Белоруссии, Киргизии и Таджикистана покидает Алматы.")
WITHDRAWAL_EN = ("Withdrawal of CSTO peacekeepers from Kazakhstan, begun on 13 January, goes on: the contingent "
                 "of Armenia, Belarus, Kyrgyzstan and Tajikistan is leaving Almaty, Russia's defence ministry said.")


@pytest.mark.parametrize(("later_text", "joins"), [
    (WITHDRAWAL_EN, True),  # the same event a day on
    (WITHDRAWAL_EN.replace("Withdrawal of", "Word from"), False),  # names no event: a day apart is too far
])
def test_a_story_told_over_days_stays_one_when_its_event_agrees(later_text: str, joins: bool) -> None:
    clusterer = StoryClusterer()
    first = clusterer.add("ru-1", T0, "", WITHDRAWAL_RU)
    later = clusterer.add("en-1", T0 + timedelta(hours=24), "", later_text)
    assert (later.story_id == first.story_id) is joins


OFFENSIVE = ("Azerbaijan launched an offensive in Nagorno-Karabakh on 19 September, the defence ministry in Baku "
             "said; Armenian forces, Russian peacekeepers and Stepanakert residents reported shelling.")
OFFENSIVE_RU = ("Азербайджан 19 сентября начал антитеррористические мероприятия в Нагорном Карабахе, сообщило "
                "Минобороны в Баку; армянские силы, российские миротворцы и жители Степанакерта сообщают об обстрелах.")
CEASEFIRE = ("Armenian forces in Nagorno-Karabakh agreed to a ceasefire proposed by Russian peacekeepers on "
             "19 September, the defence ministry in Baku said; Stepanakert residents reported calm.")


BRIDGE = ("Два человека погибли при взрыве на Крымском мосту 17 июля, заявили в Кремле; движение по мосту "
          "остановлено, сообщили в Крыму.")
BRIDGE_UK = ("Двоє людей загинули внаслідок вибуху на Кримському мосту 17 липня, заявили в Кремлі; рух мостом "
             "зупинено, повідомили в Криму.")
GRAIN_DEAL = ("Россия 17 июля уведомила Турцию и Украину о возражении против продления зерновой сделки, "
              "заявили в Кремле; в Крыму и на Украине ждут заявления.")


@pytest.mark.parametrize(("first", "same_day", "translation"), [
    (DECREE, SWAP, DECREE_RU),  # a prisoner swap the night of the mobilisation decree
    (OFFENSIVE, CEASEFIRE, OFFENSIVE_RU),  # the Karabakh ceasefire the day of the offensive
    (BRIDGE, GRAIN_DEAL, BRIDGE_UK),  # the grain deal not extended the morning of the bridge attack
])
def test_another_event_of_the_same_day_stays_apart_from_the_story_its_translation_joins(
        first: str, same_day: str, translation: str) -> None:
    clusterer = StoryClusterer()
    origin = clusterer.add("en-1", T0, "", first)
    other = clusterer.add("en-2", T0 + timedelta(hours=1), "", same_day)
    translated = clusterer.add("ru-1", T0 + timedelta(hours=2), "", translation)
    assert other.story_id == "en-2"
    assert translated.story_id == origin.story_id == "en-1"


CRASH = ("A passenger plane of Azerbaijan Airlines crashed near Aktau on Wednesday morning, the emergencies "
         "ministry of Kazakhstan said.")
CRASH_RU = "Пассажирский самолёт разбился под Актау, сообщило министерство по чрезвычайным ситуациям Казахстана."


def test_the_event_a_lead_names_is_evidence_shared_across_scripts() -> None:
    # "crashed" and "разбился" share no skeleton; their class does. On names alone (Aktau, Kazakhstan) the
    # Russian report, 8 hours later, would be given 0.674 and start a story of its own.
    clusterer = StoryClusterer()
    clusterer.add("en-crash", T0, "", CRASH)
    joined = clusterer.add("ru-crash", T0 + timedelta(hours=8), "", CRASH_RU)
    assert joined.story_id == "en-crash" and joined.score > 0.7


def later_joins(first: str, later: str, hours: float) -> bool:
    """Whether an article published `hours` after the first one joins its story."""
    clusterer = StoryClusterer()
    origin = clusterer.add("first", T0, "", first)
    return clusterer.add("later", T0 + timedelta(hours=hours), "", later).story_id == origin.story_id


ANNOUNCEMENT = ("Vladimir Putin will sign treaties on 30 September in the Kremlin to annex the Donetsk, Luhansk, "
                "Zaporizhzhia and Kherson regions, Dmitry Peskov told reporters.")
SIGNING = ("Vladimir Putin signed treaties on 30 September in the Kremlin to annex the Donetsk, Luhansk, "
           "Zaporizhzhia and Kherson regions, Dmitry Peskov told reporters.")


@pytest.mark.parametrize(("first", "later", "hours", "joins"), [
    (ANNOUNCEMENT, SIGNING, 20, False),  # the announcement, then the signing the next day
    (ANNOUNCEMENT.replace("will sign", "is to sign"), SIGNING, 20, True),  # no announcement word: names decide
    (ANNOUNCEMENT, SIGNING, 2, True),  # two wordings of one report within hours
    (ANNOUNCEMENT, SIGNING.replace("signed", "is to sign"), 20, True),  # a later lead that names no event
    (SIGNING, ANNOUNCEMENT, 3, False),  # the event, then a reaction saying what will be done
    (SIGNING, ANNOUNCEMENT, 0.5, True),  # within the hour: two wordings of one report
])
def test_an_announcement_and_the_event_it_announces_are_two_stories(first: str, later: str, hours: float,
                                                                      joins: bool) -> None:
    assert later_joins(first, later, hours) is joins


VERDICT = ("Bangladesh's International Crimes Tribunal sentenced former Prime Minister Sheikh Hasina to death "
           "in absentia in Dhaka on 17 November over the 2024 crackdown.")
REQUEST = ("Bangladesh's foreign ministry in Dhaka on 17 November requested India to hand over former Prime "
           "Minister Sheikh Hasina, sentenced to death in absentia over the 2024 crackdown.")


@pytest.mark.parametrize(("first", "later", "hours", "joins"), [
    (VERDICT, REQUEST, 2, False),  # the verdict, then another actor's request about it
    (VERDICT, REQUEST.replace("requested India to hand over", "said India holds"), 2, True),  # no reaction
    (VERDICT, REQUEST, 0.5, True),  # within the hour: two wordings of one report
    (REQUEST, VERDICT, 2, True),  # a reaction published before the event is no reaction to it
    (REQUEST, REQUEST.replace("requested", "urged"), 20, True),  # two reports of the reaction
])
def test_a_reaction_to_an_event_is_another_story(first: str, later: str, hours: float, joins: bool) -> None:
    assert later_joins(first, later, hours) is joins


@pytest.mark.parametrize("arrival", ["in order", "late"])
def test_a_reaction_stays_apart_whatever_the_order_of_arrival(arrival: str) -> None:
    articles = [("en-verdict", T0, VERDICT), ("en-request", T0 + timedelta(hours=2), REQUEST)]
    clusterer = StoryClusterer()
    stories = {article_id: clusterer.add(article_id, published, "", text).story_id
               for article_id, published, text in (articles if arrival == "in order" else articles[::-1])}
    assert stories["en-verdict"] != stories["en-request"]


@pytest.mark.parametrize(("later", "joins"), [
    (REQUEST, False),
    (REQUEST.replace("requested India to hand over", "said India holds"), True),
])
def test_a_reaction_follows_a_report_whose_lead_names_no_known_event_word(later: str, joins: bool) -> None:
    # The event's report in a language whose event words the lexicon lacks names no class.
    clusterer = StoryClusterer()
    clusterer.add("en-verdict", T0, "", VERDICT.replace("sentenced", "found").replace("to death", "guilty"))
    assert (clusterer.add("en-request", T0 + timedelta(hours=2), "", later).story_id == "en-verdict") is joins


DECLARED = "South Korea's president Yoon Suk Yeol declared emergency martial law in a televised address in Seoul."
LIFTED = ("South Korea's cabinet lifted the emergency martial law that president Yoon Suk Yeol declared in Seoul "
          "the evening before.")
COUNT = ("Kyrgyzstan's election commission published the preliminary count of the snap election to the Jogorku "
         "Kenesh held on 30 November.")
CONGRATULATION = ("Kazakhstan's president Tokayev congratulated Kyrgyzstan's president Japarov on the snap election "
                  "to the Jogorku Kenesh held on 30 November.")


@pytest.mark.parametrize(("first", "later", "hours", "joins"), [
    (DECLARED, LIFTED, 6, False),  # declared, then lifted: two stories
    (DECLARED, LIFTED.replace("lifted", "discussed"), 6, True),  # no lifting word: names and the class decide
    (LIFTED, LIFTED.replace("cabinet lifted", "government has lifted"), 3, True),  # two reports of the lifting
    (COUNT, CONGRATULATION, 2, False),  # the vote's count, then a neighbour's congratulations
    (COUNT, CONGRATULATION.replace("congratulated", "met"), 2, True),
])
def test_lifting_and_congratulating_follow_the_event_as_stories_of_their_own(first: str, later: str, hours: float,
                                                                             joins: bool) -> None:
    assert later_joins(first, later, hours) is joins


EXIT_POLL = ("Exit-poll data put Friedrich Merz's CDU/CSU first in Germany's federal election on 23 February "
             "with 29 percent of the vote.")
CONCESSION = ("Chancellor Olaf Scholz conceded defeat in Germany's federal election on 23 February to Friedrich "
              "Merz's CDU/CSU, which won 29 percent of the vote.")


@pytest.mark.parametrize(("later", "joins"), [
    (CONCESSION, False),  # the loser conceding within the hour: a story of its own
    (CONCESSION.replace("conceded defeat", "spoke"), True),  # no concession word: names and figures decide
])
def test_a_concession_is_another_story_than_the_vote_s_result(later: str, joins: bool) -> None:
    assert later_joins(EXIT_POLL, later, 1) is joins


@pytest.mark.parametrize(("text", "bilateral"), [
    ("Russian President Vladimir Putin and Azerbaijani President Ilham Aliyev met in Dushanbe.", True),
    ("В столице Таджикистана Душанбе началась встреча президентов России и Азербайджана.", True),
    ("Президенты России и Азербайджана завершили переговоры в Душанбе.", True),
    ("Ресей президенті мен Әзербайжан басшысы Душанбеде екіжақты кездесу өткізді.", True),
    ("The meeting of the leaders of the CSTO member states has started its work in Moscow.", False),
    ("Президенты России и Азербайджана встретились в Душанбе в рамках заседания глав государств СНГ.", False),
    ("The leaders met at the summit in Dushanbe on Thursday.", False),
    ("В Душанбе начал работу саммит «Центральная Азия – Россия».", False),
])
def test_a_lead_that_reports_a_meeting_of_two_is_told_from_a_gathering(text: str, bilateral: bool) -> None:
    assert bool(event_classes("", text).lead & MEETING) is bilateral


SUMMIT = "В столице Таджикистана Душанбе 9 октября начал работу саммит президентов России и Центральной Азии."
BILATERAL = "В столице Таджикистана Душанбе 9 октября началась встреча президентов России и Азербайджана."


@pytest.mark.parametrize(("first", "later", "joins"), [
    (SUMMIT, BILATERAL, False),  # the summit, then a bilateral meeting held at it
    (SUMMIT, BILATERAL.replace("встреча", "работа"), True),  # no meeting word: names and place decide
    (BILATERAL, BILATERAL.replace("началась встреча", "прошли переговоры"), True),  # two reports of the meeting
    (SUMMIT, SUMMIT.replace("начал работу саммит", "началась встреча на саммите"), True),  # the summit's meeting
])
def test_a_bilateral_meeting_is_another_story_than_the_summit_it_was_held_at(first: str, later: str,
                                                                              joins: bool) -> None:
    assert later_joins(first, later, 4) is joins


CENTRAL_ASIA = ("В столице Таджикистана Душанбе под председательством Эмомали Рахмона начал работу саммит "
                "«Центральная Азия – Россия» с участием Владимира Путина.")
CIS = ("В столице Таджикистана Душанбе под председательством Эмомали Рахмона начал работу саммит СНГ с участием "
       "Владимира Путина.")
CIS_SESSION = ("В Душанбе под председательством Эмомали Рахмона Путин и Алиев принимают участие в заседании Совета "
               "глав государств СНГ.")


@pytest.mark.parametrize(("first", "later", "hours", "joins"), [
    (CENTRAL_ASIA, CIS, 22, False),  # two summits in one city, a day apart: two formats
    (CENTRAL_ASIA, CIS.replace("саммит СНГ", "саммит"), 22, True),  # no format named: names and place decide
    (CIS, CIS.replace("начал работу", "завершился"), 6, True),  # two reports of one format
    (BILATERAL, CIS_SESSION, 18, False),  # a bilateral meeting, then the session whose lead names only a format
])
def test_two_gatherings_of_different_formats_are_two_stories(first: str, later: str, hours: float,
                                                             joins: bool) -> None:
    assert later_joins(first, later, hours) is joins


def test_a_restored_article_keeps_its_events_for_later_arrivals() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add("en-decree", T0, "", DECREE)
    replica = StoryClusterer()
    replica.restore(T0, "", DECREE, first)
    assert replica.add("en-swap", T0 + timedelta(hours=1), "", SWAP).story_id == "en-swap"
    assert replica.add("ru-decree", T0 + timedelta(hours=2), "", DECREE_RU).story_id == "en-decree"


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("classes:\n  blast:\n    en: [car bomb]\n", ":3: 'car bomb': one word per form"),
    ("classes:\n  blast:\n    en: blast\n", ":3: blast.en must be a list of words"),
    ("classes: []\n", "expected a mapping of event classes"),
    ("classes:\n  blast:\n    en: [blast]\nannouncement:\n  en: will\n", ":5: announcement.en must be a list of words"),
    ("classes:\n  blast:\n    en: [blast]\nreaction:\n  en: urged\n", ":5: reaction.en must be a list of words"),
    ("classes:\n  blast:\n    en: [blast]\nreaction: [urged]\n", "'reaction' needs forms per language"),
    ("classes:\n  blast:\n    en: [blast]\nmultilateral_classes: [summit]\n", "must list classes"),
    ("classes:\n  blast:\n    en: [blast]\nmultilateral:\n  cis: [cis]\n", ":5: format 'cis' needs forms per language"),
    ("classes:\n  blast:\n    en: [blast]\nmultilateral: [cis]\n", "'multilateral' needs forms per format"),
])
def test_a_mistake_in_the_lexicon_names_file_and_line(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "event_classes.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_lexicon(path)


@pytest.mark.parametrize(("text", "cities"), [
    ("Hamas leader Ismail Haniyeh was killed in Tehran, the group said.", 1 << 0),
    ("В Тегеране прогремел взрыв, сообщили власти.", 1 << 0),
    ("তেহরানে একটি বিস্ফোরণ হয়েছে।", 1 << 0),
    ("وقع انفجار في بيروت مساء الثلاثاء.", 1 << 1),
    ("МОСКВА, 14 сентября. /ТАСС/. Взрыв прогремел в Бейруте.", 1 << 1),  # the dateline places nothing
    ("Hamas leader Ismail Haniyeh was killed, the group said.", 0),
    ("Hamas leader Ismail Haniyeh arrived in Tehran.", 0),  # no event: its city does not matter
])
def test_the_city_a_lead_names_is_read_in_many_scripts(text: str, cities: int) -> None:
    assert event_classes("", text).lead_places == cities


HANIYEH = "Israel killed Hamas leader Ismail Haniyeh in Tehran early on Wednesday, 31 July, the IRGC said."
SHUKR = "Israel killed Hezbollah commander Fuad Shukr in Beirut early on Wednesday, 31 July, the IDF said."


@pytest.mark.parametrize(("later", "joins"), [
    (SHUKR, False),  # one kind of event in two cities: two events
    (SHUKR + " Hours later Haniyeh was killed in Tehran.", True),  # it names the other's city
    (SHUKR.replace(" in Beirut", ""), True),  # no city: names and time decide
    (HANIYEH.replace("early", "at dawn"), True),  # two reports from one city
])
def test_one_kind_of_event_in_two_cities_is_two_stories(later: str, joins: bool) -> None:
    clusterer = StoryClusterer()
    origin = clusterer.add("en-1", T0, "", HANIYEH)
    assert (clusterer.add("en-2", T0 + timedelta(hours=2), "", later).story_id == origin.story_id) is joins
