"""Discourse: a bare "special operation" counts when the article establishes the war, not when the
article is about another operation; one sense per article, across title and text.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

from processors.mentions import detect_mentions

FILLER = " Погода в регионе оставалась тёплой, ярмарка прошла спокойно, цены на овощи не менялись." * 4


def smo(title: str, text: str) -> list[tuple[str, str]]:
    return [(m.field, m.surface) for m in detect_mentions(title, text, "ru") if m.entity == "SMO"]


def test_a_confirmed_mention_anywhere_vouches_for_the_bare_word() -> None:
    title = "Ветераны СВО получили жильё"
    text = "Губернатор вручил ключи." + FILLER + " Участники событий вернулись со спецоперации весной."
    assert smo(title, text) == [("title", "СВО"), ("text", "спецоперации")]


def test_one_sense_per_article_for_occurrences_without_context_of_their_own() -> None:
    text = ("Спецоперация на Украине продолжается, заявили в Кремле." + FILLER +
            " Об итогах спецоперации пока не говорят.")
    assert [s for _, s in smo("", text)] == ["Спецоперация", "спецоперации"]


def test_an_article_about_another_operation_does_not_count() -> None:
    text = ("Израиль провёл спецоперацию в секторе Газа, сообщили военные." + FILLER +
            " Россия и Украина в заявлении не упоминались. Спецоперация длилась два часа.")
    assert smo("", text) == []


def test_police_beside_the_word_still_vetoes_an_inherited_sense() -> None:
    text = ("Ветераны СВО встретились со школьниками." + FILLER +
            " Полиция провела спецоперацию и задержала наркоторговцев.")
    assert smo("", text) == [("text", "СВО")]


def test_bare_military_operation_in_other_languages_needs_russia_and_ukraine() -> None:
    nl = "Rusland zette de militaire operatie in Oekraïne voort, meldde het ministerie."
    assert [m.surface for m in detect_mentions("", nl, "nl")] == ["militaire operatie in Oekraïne"]
    assert detect_mentions("", "Het leger begon een militaire operatie in Mali.", "nl") == []
