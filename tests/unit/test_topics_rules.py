"""Topic rules are analysts' YAML: mistakes name file and line, and a new rule changes the result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediamon.errors import ConfigError
from processors.iptc import build_classifier, classify_topics
from processors.iptc.rules import (
    RULES_DIR,
    TAXONOMY_FILE,
    load_rule_file,
    load_rules,
    load_taxonomy,
)


def test_taxonomy_has_the_17_iptc_top_level_topics_and_watched_subtopics() -> None:
    taxonomy = load_taxonomy()
    assert sorted(taxonomy.topics) == [f"{n:02d}000000" for n in range(1, 18)]
    assert {"20000574", "20000053", "20000771", "mm:sanctions", "mm:defence-alliances", "mm:arms-trade",
            "mm:critical-minerals", "mm:energy"} <= set(taxonomy.subtopics)
    assert all(s.parent in taxonomy.topics for s in taxonomy.subtopics.values())


def test_every_shipped_rule_file_loads() -> None:
    rules = load_rules()
    langs = {rule.lang for rule in rules}
    assert {"en", "ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "ka", "az", "tr", "fa", "ar", "zh", "hi", "bn",
            "de", "fr", "es", "pl"} <= langs


@pytest.mark.parametrize(("body", "line", "message"), [
    ('lang: xx\ntopics:\n  "99000000":\n    3: [foo]\n', 3, "unknown topic id"),
    ('lang: xx\ntopics:\n  03000000:\n    3: [foo]\n', 3, "quote ids"),
    ('lang: xx\ntopics:\n  "03000000":\n    0: [foo]\n', 4, "non-zero number"),
    ('lang: xx\ntopics:\n  "03000000":\n    3: [ok, "two  spaces"]\n', 4, "bad term"),
    ('lang: xx\ntopics:\n  "03000000":\n    3:\n      - fine*\n      - "mid*dle"\n', 6, "bad term"),
    ('lang: xx\ntopics:\n  "03000000":\n    3: [*beben]\n', 4, "undefined alias"),
    ('lang: xx\ntopics:\n  "03000000":\n    3: [a]\n  "03000000":\n    2: [b]\n', 5, "duplicate key"),
    ('topics: {}\n', 1, "starts with `lang:"),
    ('lang: xx\ntransliterate: [klingon]\ntopics:\n  "03000000":\n    3: [a]\n', 2, "unknown transliteration"),
    ('lang: xx\nframes:\n  "99000000":\n    3: [summit]\n', 3, "unknown frame id"),
])
def test_rule_file_mistakes_name_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "xx.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path, load_taxonomy())
    assert f"{path}:{line}" in str(caught.value)
    assert message in str(caught.value)


def _rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def test_a_rule_added_to_the_data_changes_the_result(tmp_path: Path) -> None:
    title, text = "", "The zorblat festival drew crowds to the harbour on Sunday."
    before = build_classifier(TAXONOMY_FILE, _rules_copy(tmp_path / "a")).classify(title, text, "en")
    assert "08000000" not in [t.id for t in before.topics]

    rules_dir = _rules_copy(tmp_path / "b")
    (rules_dir / "local.yaml").write_text('lang: en\ntopics:\n  "08000000":\n    5: [zorblat*]\n', encoding="utf-8")
    after = build_classifier(TAXONOMY_FILE, rules_dir).classify(title, text, "en")
    assert after.topics[0].id == "08000000"
    assert any(e.startswith("zorblat*") for e in after.topics[0].evidence)


def test_a_negative_weight_removes_a_topic(tmp_path: Path) -> None:
    text = "Police arrested the suspect after the court hearing."
    rules_dir = _rules_copy(tmp_path)
    (rules_dir / "local.yaml").write_text('lang: en\ntopics:\n  "02000000":\n    -20: [hearing]\n', encoding="utf-8")
    result = build_classifier(TAXONOMY_FILE, rules_dir).classify("", text, "en")
    assert "02000000" not in [t.id for t in result.topics]


def test_kazakh_rules_also_match_kazakh_written_in_latin() -> None:
    classifier = build_classifier()
    latin = classifier.classify("", "Mektep túlekteri men talapkerler Ulttyq biryńǵaı testileýge tirkeldi.", "kk")
    assert latin.topics[0].id == "05000000"


def test_uzbek_rules_also_match_uzbek_written_in_cyrillic() -> None:
    classifier = build_classifier()
    cyrillic = classifier.classify("", "Футбол бўйича Ўзбекистон терма жамоаси чемпионатда ғалаба қозонди.", "uz")
    assert cyrillic.topics[0].id == "15000000"


@pytest.mark.parametrize(("term", "text", "hits"), [
    ("выбор*", "на выборах губернатора", 1),
    ("выбор*", "перевыборы", 0),                  # a prefix starts at a word boundary
    ("~wahl", "die bundestagswahl und landtagswahl", 2),
    ("~انتخاب*", "في الانتخابات البرلمانية", 1),
    ("war", "warning: warm wars", 0),              # a plain word matches whole words only
    ("地震", "昨日发生地震", 1),                     # unspaced scripts match anywhere
    ("নির্বাচন*", "নির্বাচনের ফল", 1),             # Bengali vowel signs count as letters
    ("чрезвычайн* ситуац*", "режим чрезвычайной ситуации введён", 1),
])
def test_term_syntax(term: str, text: str, hits: int) -> None:
    from processors.iptc.matcher import TermMatcher, normalize

    found = TermMatcher([term]).find(normalize(text))
    assert sum(found.values()) == hits


def test_a_term_inside_a_longer_matched_term_counts_once() -> None:
    from processors.iptc.matcher import TermMatcher, normalize

    found = TermMatcher(["министр*", "премьер-министр*", "trade", "trade union*"]).find(
        normalize("Премьер-министр встретился с министром. Trade unions called a strike."))
    assert found == {"премьер-министр*": 1, "министр*": 1, "trade union*": 1}


tricky_characters = st.sampled_from(list("ΣσςΑΡ Ёёİı’`\u00a0\u00ad\u200c\u200d\u0640\u064bاأ«»—-_.,\t\n🙂𝐀\x00\ud800"))
any_character = st.characters(exclude_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=tricky_characters | any_character, min_size=60, max_size=300))
def test_long_texts_are_read_exactly_as_short_ones(text: str) -> None:
    """Texts of 64 characters or more are normalised and spaced in numpy, shorter ones by regex passes."""
    from processors.iptc.matcher import _matchable, _spaced, normalize

    assert _matchable(text) == _spaced(normalize(text))


# The most frequent words of news text: a rule stem that also starts one of them would put a topic
# on nearly every article (Ukrainian "його" once matched yoga, Kazakh "жылы" (in the year) weather).
EVERYDAY_WORDS = {
    "ru": "это было будет которые также после может года году есть между только сегодня сообщил однако "
          "против через области города россии страны человек людей данным является решение работы мира семь",
    "uk": "його її було буде які також після може року році між тільки сьогодні повідомив однак проти "
          "через області міста україни людей даними рішення роботи світу",
    "en": "the and that with from this have were which their would there about after other more also into "
          "some could these first year people time over only most week today since during while under",
    "es": "que los las del por con una para como más pero sus este esta entre cuando también desde hasta "
          "durante según año años personas tiempo parte ciudad sobre donde mientras ahora nuevo dijo esa",
    "de": "und die der das mit für auf nicht sich auch eine dem den des wird werden wurde sind nach bei aus "
          "noch über mehr jahr jahren heute seit während gegen unter zwischen sagte stellen hunderte gesetzt",
    "tr": "bir için ile olarak olan daha gibi çok kadar sonra ancak yılında türkiye şehir ülke açıklama "
          "yaptı göre ilgili tarafından arasında üzerinde kişi zaman yeni büyük önce",
    "kk": "және бұл осы бойынша үшін деп болып жылы жылдың қазақстан елде адамдар арасында кейін бірақ "
          "жаңа бүгін туралы болады болды айтты",
    "hi": "और के की का में से है हैं था को ने पर यह भी कि लिए साथ बाद पहले दौरान अब तक कहा बताया गया किया",
    "bn": "এবং এই করে করা হয় হয়েছে ছিল থেকে জন্য সঙ্গে পর আগে মধ্যে তবে নতুন আজ বলেন জানান জেলার উপজেলার",
    "ar": "في من على إلى أن التي الذي عن مع هذا هذه كان قد لم لا ما بعد بين كل ذلك وقال خلال عام اليوم حيث منذ",
}


@pytest.mark.parametrize("lang", sorted(EVERYDAY_WORDS))
def test_everyday_words_do_not_decide_a_topic(lang: str) -> None:
    result = classify_topics("", " ".join(EVERYDAY_WORDS[lang].split()), lang)
    strong = [t for t in result.topics if t.score >= 0.3]  # one strong term (weight 2) scores 0.33
    assert not strong, f"{lang}: {[(t.id, t.evidence) for t in strong]}"
