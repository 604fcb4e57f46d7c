"""Language of title + text across scripts, with `und` for text too weak to tell."""

from __future__ import annotations

import pytest

from processors.language import UNDETERMINED, detect_language

# One paragraph per language, written for these tests (news register, 150-400 characters).
PARAGRAPHS = {
    "ru": "Правительство утвердило новый порядок выплаты пособий семьям с детьми. По словам министра, "
          "изменения вступят в силу с первого числа следующего месяца и затронут около двух миллионов человек.",
    "uk": "Уряд затвердив новий порядок виплати допомоги сім'ям з дітьми. За словами міністра, зміни "
          "набудуть чинності з першого числа наступного місяця і стосуватимуться майже двох мільйонів людей.",
    "be": "Урад зацвердзіў новы парадак выплаты дапамогі сем'ям з дзецьмі. Паводле слоў міністра, змены "
          "ўступяць у сілу з першага чысла наступнага месяца і закрануць каля двух мільёнаў чалавек.",
    "kk": "Үкімет балалы отбасыларға жәрдемақы төлеудің жаңа тәртібін бекітті. Министрдің айтуынша, "
          "өзгерістер келесі айдың бірінші күнінен бастап күшіне енеді және екі миллионға жуық адамды қамтиды.",
    "ky": "Өкмөт балалуу үй-бүлөлөргө жөлөкпул төлөөнүн жаңы тартибин бекитти. Министрдин айтымында, "
          "өзгөрүүлөр кийинки айдын биринчи күнүнөн тартып күчүнө кирет жана эки миллионго жакын адамды камтыйт.",
    "tg": "Ҳукумат тартиби нави пардохти кӯмакпулӣ ба оилаҳои фарзанддорро тасдиқ кард. Ба гуфтаи вазир, "
          "тағйирот аз рӯзи аввали моҳи оянда эътибор пайдо мекунад ва қариб ду миллион нафарро фаро мегирад.",
    "uz": "Hukumat bolali oilalarga nafaqa to'lashning yangi tartibini tasdiqladi. Vazirning so'zlariga ko'ra, "
          "o'zgarishlar kelgusi oyning birinchi kunidan kuchga kiradi va ikki millionga yaqin odamni qamrab oladi.",
    "en": "The government approved new rules for paying benefits to families with children. According to the "
          "minister, the changes take effect on the first day of next month and will affect nearly two million people.",
    "de": "Die Regierung hat neue Regeln für die Auszahlung von Leistungen an Familien mit Kindern beschlossen. "
          "Nach Angaben des Ministers treten die Änderungen am ersten Tag des nächsten Monats in Kraft.",
    "fr": "Le gouvernement a approuvé de nouvelles règles pour le versement des aides aux familles avec enfants. "
          "Selon le ministre, les changements entreront en vigueur le premier jour du mois prochain.",
    "es": "El gobierno aprobó nuevas normas para el pago de ayudas a las familias con hijos. Según el ministro, "
          "los cambios entrarán en vigor el primer día del próximo mes y afectarán a casi dos millones de personas.",
    "pl": "Rząd zatwierdził nowe zasady wypłaty świadczeń dla rodzin z dziećmi. Według ministra zmiany wejdą "
          "w życie pierwszego dnia przyszłego miesiąca i obejmą prawie dwa miliony osób.",
    "tr": "Hükümet, çocuklu ailelere yapılacak yardım ödemeleri için yeni kuralları onayladı. Bakanın "
          "açıklamasına göre değişiklikler gelecek ayın ilk günü yürürlüğe girecek ve yaklaşık iki milyon kişiyi etkileyecek.",
    "ar": "وافقت الحكومة على قواعد جديدة لصرف المساعدات للأسر التي لديها أطفال. وقال الوزير إن التغييرات "
          "ستدخل حيز التنفيذ في اليوم الأول من الشهر المقبل وستشمل نحو مليوني شخص.",
    "fa": "دولت مقررات تازه‌ای برای پرداخت کمک‌هزینه به خانواده‌های دارای فرزند تصویب کرد. به گفته وزیر، "
          "این تغییرات از روز نخست ماه آینده اجرا می‌شود و نزدیک به دو میلیون نفر را در بر می‌گیرد.",
    "hi": "सरकार ने बच्चों वाले परिवारों को सहायता राशि देने के नए नियमों को मंजूरी दी। मंत्री के अनुसार ये बदलाव "
          "अगले महीने की पहली तारीख से लागू होंगे और लगभग बीस लाख लोगों पर असर डालेंगे।",
    "bn": "সরকার শিশুসহ পরিবারগুলোকে সহায়তা দেওয়ার নতুন নিয়ম অনুমোদন করেছে। মন্ত্রীর ভাষ্য অনুযায়ী, "
          "আগামী মাসের প্রথম দিন থেকে এই পরিবর্তন কার্যকর হবে এবং প্রায় বিশ লাখ মানুষ এর আওতায় আসবে।",
    "hy": "Կառավարությունը հաստատել է երեխաներ ունեցող ընտանիքներին նպաստների վճարման նոր կարգը։ "
          "Նախարարի խոսքով՝ փոփոխություններն ուժի մեջ կմտնեն հաջորդ ամսվա առաջին օրվանից։",
    "ka": "მთავრობამ დაამტკიცა ბავშვიანი ოჯახებისთვის დახმარების გაცემის ახალი წესი. მინისტრის თქმით, "
          "ცვლილებები ძალაში მომავალი თვის პირველი რიცხვიდან შევა.",
    "zh": "政府批准了向有子女家庭发放补贴的新规定。部长表示，这些变化将从下个月第一天起生效，涉及近两百万人。",
}


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_each_language_and_script_is_recognised(lang: str) -> None:
    guess = detect_language("", PARAGRAPHS[lang])
    assert guess.lang == lang
    assert 0.5 <= guess.confidence <= 1.0


def test_kazakh_in_the_2018_latin_alphabet_is_kazakh_not_turkmen() -> None:
    text = ("Úkimet balaly otbasylarǵa járdemaqy tóleýdiń jańa tártibin bekitti. Mınıstrdiń aıtýynsha, "
            "ózgerister kelesi aıdyń birinshi kúninen bastap kúshine enedi.")
    assert detect_language("", text).lang == "kk"


def test_bengali_with_latin_acronyms_stays_bengali() -> None:
    text = ("ঢাকায় CSTO ও NATO প্রতিনিধিদের বৈঠকে আঞ্চলিক নিরাপত্তা নিয়ে আলোচনা হয়েছে। "
            "বৈঠকে CSTO মহাসচিব উপস্থিত ছিলেন।")
    assert detect_language("CSTO বৈঠক", text).lang == "bn"


@pytest.mark.parametrize("title", ["Путин", "Breaking", "Live", "Итоги", "12:45"])
def test_a_few_words_of_headline_are_not_guessed(title: str) -> None:
    assert detect_language(title, "") == UNDETERMINED


def test_a_full_headline_is_recognised() -> None:
    assert detect_language("Правительство утвердило новый порядок выплаты пособий семьям", "").lang == "ru"


def test_a_headline_in_a_script_of_one_language_is_enough() -> None:
    assert detect_language("নির্বাচনের ফল ঘোষণা", "").lang == "bn"
    assert detect_language("Ընտրությունների արդյունքները", "").lang == "hy"


def test_empty_input_is_undetermined_or_the_feed_hint() -> None:
    assert detect_language("", "") == UNDETERMINED
    assert detect_language("   ", "\n") == UNDETERMINED
    assert detect_language("", "", "de").lang == "de"
    assert detect_language("12 345", "!!!").lang == "und"


def test_a_confident_text_wins_over_a_wrong_hint() -> None:
    assert detect_language("", PARAGRAPHS["uk"], "ru").lang == "uk"


def test_huge_input_is_recognised() -> None:
    huge = PARAGRAPHS["es"] * 20_000  # ~4 MB
    assert detect_language("", huge).lang == "es"


def test_russian_article_quoting_kazakh_names_stays_russian() -> None:
    text = ("Президент Казахстана Касым-Жомарт Тоқаев провёл встречу с акимом области. Тоқаев поручил "
            "ускорить строительство дорог и школ, сообщила пресс-служба Ақорды.")
    assert detect_language("", text).lang == "ru"


@pytest.mark.parametrize("hint", ["xx", "EN", "en-US", "klingon", ""])
def test_an_odd_feed_hint_does_not_stop_detection(hint: str) -> None:
    assert detect_language("", PARAGRAPHS["de"], hint).lang == "de"


def test_the_hint_is_normalised_when_it_is_the_answer() -> None:
    assert detect_language("", "", "en-US").lang == "en"
    assert detect_language("", "", " RU ").lang == "ru"
