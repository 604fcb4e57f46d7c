"""Bad input never crashes detection and never produces offsets outside the text."""

from __future__ import annotations

from processors.mentions import detect_mentions


def test_empty_and_whitespace_fields() -> None:
    assert detect_mentions("", "", "und") == []
    assert detect_mentions("   ", "\n\t", "ru") == []


def test_none_like_empty_title_still_scans_text() -> None:
    assert [m.surface for m in detect_mentions("", "ОДКБ", "ru")] == ["ОДКБ"]


def test_megabyte_text_is_scanned_to_the_end() -> None:
    filler = "Обычная новость о погоде и ценах на хлеб. " * 25_000
    text = f"ОДКБ {filler} Саммит ОДКБ в конце."
    assert len(text) > 1_000_000
    mentions = detect_mentions("", text, "ru")
    assert [m.start for m in mentions] == [0, text.rindex("ОДКБ")]


def test_megabyte_text_full_of_candidates() -> None:
    text = "ОДКБ и спецоперация, аэропорт SVO. " * 30_000
    mentions = detect_mentions("", text, "ru")
    assert sum(m.surface == "ОДКБ" for m in mentions) == 30_000
    assert all(text[m.start:m.end] == m.surface for m in mentions[:100])


def test_lone_surrogates_do_not_crash() -> None:
    text = "Саммит \ud800ОДКБ\udfff и CSTO \udc80"
    mentions = detect_mentions("\ud83d", text, "ru")
    assert [m.surface for m in mentions] == ["ОДКБ", "CSTO"]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface


def test_control_characters_and_odd_scripts() -> None:
    text = "\x00\x07ОДКБ\x1b 🙂 𝐂𝐒𝐓𝐎 \u202eОДКБ\u202c"
    mentions = detect_mentions("", text, "und")
    assert [m.entity for m in mentions] == ["CSTO", "CSTO", "CSTO"]
    assert all(text[m.start:m.end] == m.surface for m in mentions)
