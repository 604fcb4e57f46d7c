"""Normalisation: what a reader sees as the same word matches, and offsets still point at the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.mentions import detect_mentions
from processors.mentions.normalize import fold, normalize


@pytest.mark.parametrize(("raw", "folded"), [
    ("ОДКБ", fold("одкб")),
    ("OДКБ", fold("ОДКБ")),                     # Latin O inside a Cyrillic word
    ("СSТО", fold("CSTO")),                     # Cyrillic С, Т, О inside a Latin word
    ("ОД\u00adКБ", fold("ОДКБ")),               # soft hyphen
    ("ОД\u200bКБ", fold("ОДКБ")),               # zero-width space
    ("İSTANBUL", "istanbul"),                   # Turkish dotted capital I: no combining dot left
    ("KGAÖ’nün", "kgaö'nün"),                   # curly apostrophe
    ("ﬁnal", "final"),                          # NFKC ligature
    ("Ёлка", fold("елка")),
    ("لِمنظمة", fold("لمنظمة")),                 # Arabic short vowel
    ("\u0435\u0308", fold("ё")),               # decomposed ё composes, then folds like е
])
def test_variants_fold_to_the_same_text(raw: str, folded: str) -> None:
    assert normalize(raw).text == folded


@pytest.mark.parametrize("text", [
    "Саммит OДКБ прошёл в Минске",
    "Саммит ОД\u00adКБ прошёл в Минске",
    "ﬁrst: the С\u200bSTO summit in Minsk",
    "İİİ ﬀﬀ then the CSTO summit",
    "Генсек «ОДКБ» и \u0435\u0308ще СВО на Украине",
    "𝐀𝐁𝐂 then Collective Security Treaty Organization",
])
def test_offsets_point_into_the_original_text(text: str) -> None:
    mentions = detect_mentions("", text, "und")
    assert mentions
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface


def test_span_keeps_the_invisible_characters_it_covers() -> None:
    text = "ОД\u00adКБ"
    (mention,) = detect_mentions("", text, "ru")
    assert (mention.start, mention.end, mention.surface) == (0, 5, text)


def test_offsets_map_every_normalised_span_back() -> None:
    norm = normalize("a\u00adﬁ b")
    assert norm.text == "afi b"
    assert norm.to_original(1, 3) == (2, 3)   # "fi" came from the one ligature character
    assert norm.to_original(0, 2) == (0, 3)   # a span ending inside the ligature covers all of it


noise = st.text(alphabet=st.sampled_from(list("ab Й\u00ad\u200bﬁİ’ё\u0308\u0301 .-ОДКБ")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(before=noise, after=noise)
def test_any_surrounding_text_keeps_offsets_exact(before: str, after: str) -> None:
    text = f"{before} ОДКБ {after}"
    mentions = detect_mentions(text, text, "ru")
    assert any(m.surface == "ОДКБ" for m in mentions)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), name=st.sampled_from(["ОДКБ", "CSTO", "ՀԱՊԿ", "集安组织", "সিএসটিও"]))
def test_arbitrary_unicode_never_breaks_offsets(text: str, name: str) -> None:
    full = f"{text} {name} {text}"
    mentions = detect_mentions(text, full, "und")
    assert any(m.field == "text" and m.surface == name for m in mentions)
    for mention in mentions:
        source = text if mention.field == "title" else full
        assert source[mention.start:mention.end] == mention.surface


# Letters of any script, punctuation, invisibles, ligatures, astral characters and lone surrogates;
# not combining marks, which compose with the character before them and so do not fold one by one.
letters_of_any_script = st.characters(exclude_categories=("Mn", "Mc", "Me", "Cs")) | st.sampled_from(["\ud800", "\udfff"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=letters_of_any_script, min_size=64, max_size=400))
def test_long_texts_fold_exactly_as_their_characters_do(text: str) -> None:
    """Long non-ASCII texts fold through a faster path (a gather over code points) than short ones."""
    text = "Ж" + text
    assert normalize(text).text == "".join(normalize(ch).text for ch in text)
