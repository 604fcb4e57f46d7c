"""Snippets for the embedded engine: the matched words of a title or text marked with <em>.

Everything is HTML-escaped first and only our own <em> tags are added, so markup a feed smuggled
into a title comes back as text (the Elasticsearch request asks for `encoder: html` likewise).
Fragments follow Elasticsearch's settings in `mediamon/search/request.py`: the whole title, and up
to three ~160-character fragments of the text, in the order they appear.
"""

from __future__ import annotations

from html import escape

from mediamon.query.analysis import STEMMERS, stems, tokens_with_offsets
from mediamon.search.local.translate import Highlight

FRAGMENT_SIZE = 160
FRAGMENTS = 3


def _spans(text: str, lang: str | None, wanted: Highlight) -> list[tuple[int, int]]:
    found = list(tokens_with_offsets(text))
    stem_forms = stems(lang, [word for word, _, _ in found]) if lang in STEMMERS and wanted.stems else []
    spans = []
    for position, (word, start, end) in enumerate(found):
        if (word in wanted.words or (stem_forms and stem_forms[position] in wanted.stems)
                or any(pattern.fullmatch(word) for pattern in wanted.patterns)):
            spans.append((start, end))
    return spans


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out += [escape(text[cursor:span_start]), "<em>", escape(text[span_start:span_end]), "</em>"]
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def _fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows of about FRAGMENT_SIZE characters around the first matches, cut at spaces."""
    windows: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        if windows and span_end <= windows[-1][1]:
            continue
        start = max(0, span_start - (FRAGMENT_SIZE - (span_end - span_start)) // 2)
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if start and space >= 0 and start - space < 20 else start
        end = min(len(text), start + FRAGMENT_SIZE)
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
        windows.append((start, max(end, span_end)))
        if len(windows) == FRAGMENTS:
            break
    return windows


def highlight(document: dict, wanted: Highlight) -> dict[str, list[str]]:
    """{"title": [whole title marked], "text": [fragments]} for the fields with a match."""
    lang = document.get("lang")
    snippets: dict[str, list[str]] = {}
    title = str(document.get("title") or "")
    spans = _spans(title, lang, wanted)
    if spans:
        snippets["title"] = [_mark(title, spans, 0, len(title))]
    text = str(document.get("text") or "")
    spans = _spans(text, lang, wanted)
    if spans:
        snippets["text"] = [_mark(text, spans, start, end) for start, end in _fragments(text, spans)]
    return snippets
