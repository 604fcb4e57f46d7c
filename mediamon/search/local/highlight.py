"""Snippets for the embedded engine: the matched words of a title or text marked with <em>.

Everything is HTML-escaped first and only our own <em> tags are added, so markup a feed smuggled
into a title comes back as text (the Elasticsearch request asks for `encoder: html` likewise).
Fragments follow Elasticsearch's settings in `mediamon/search/request.py`: the whole title, and up
to three ~160-character fragments of the text, in the order they appear.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from mediamon.query.analysis import STEMMERS, stemmer_for, tokens_with_offsets
from mediamon.search.local.translate import Highlight

FRAGMENT_SIZE = 160
FRAGMENTS = 3


def _matcher(lang: str | None, wanted: Highlight) -> Callable[[str], bool]:
    """Whether a neutral word is one the query asks for; each distinct word is decided once."""
    stemmer = stemmer_for(lang) if lang in STEMMERS and wanted.stems else None
    decided: dict[str, bool] = {}

    def matches(word: str) -> bool:
        found = decided.get(word)
        if found is None:
            found = decided[word] = (word in wanted.words
                                     or (stemmer is not None and f"{lang}:{stemmer.stemWord(word)}" in wanted.stems)
                                     or any(pattern.fullmatch(word) for pattern in wanted.patterns))
        return found
    return matches


def _window(text: str, span_start: int, span_end: int) -> tuple[int, int]:
    """About FRAGMENT_SIZE characters around a match, moved to spaces nearby."""
    start = max(0, span_start - (FRAGMENT_SIZE - (span_end - span_start)) // 2)
    space = text.rfind(" ", 0, start + 1)
    start = space + 1 if start and space >= 0 and start - space < 20 else start
    end = min(len(text), start + FRAGMENT_SIZE)
    space = text.find(" ", end)
    end = space if 0 <= space - end < 20 else end
    return start, max(end, span_end)


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out += [escape(text[cursor:span_start]), "<em>", escape(text[span_start:span_end]), "</em>"]
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def _snippets(text: str, matches: Callable[[str], bool], whole: bool) -> list[str]:
    """The whole field marked (titles), or up to FRAGMENTS windows around matches in text order.
    The scan stops once the last window is full, so a long article costs no more than its start."""
    spans: list[tuple[int, int]] = []
    windows: list[tuple[int, int]] = []
    for word, start, end in tokens_with_offsets(text):
        if not whole and len(windows) == FRAGMENTS and start >= windows[-1][1]:
            break
        if not matches(word):
            continue
        spans.append((start, end))
        if not whole and (not windows or end > windows[-1][1]):
            windows.append(_window(text, start, end))
    if not spans:
        return []
    if whole:
        return [_mark(text, spans, 0, len(text))]
    return [_mark(text, spans, start, end) for start, end in windows]


def highlight(document: dict, wanted: Highlight) -> dict[str, list[str]]:
    """{"title": [whole title marked], "text": [fragments]} for the fields with a match."""
    matches = _matcher(document.get("lang"), wanted)
    found = {name: _snippets(str(document.get(name) or ""), matches, whole=name == "title")
             for name in ("title", "text")}
    return {name: snippets for name, snippets in found.items() if snippets}
