"""Offline enrichment of JSON Lines: `{"id","text","title"?,"lang"?,"published"?}` in, annotations out, in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mediamon.jsonlines import BadLine, load_object
from processors.enrich.pipeline import enrich


def annotate_line(line: str, number: int) -> dict[str, Any]:
    """One output object per input line; a malformed line yields `{"line", "error"}`."""
    try:
        item = load_object(line)
    except BadLine as exc:
        return {"line": number, "error": str(exc)}
    text, title = item.get("text"), item.get("title", "")
    if not isinstance(text, str):
        return {"line": number, "error": "field 'text' is missing or not a string"}
    if not isinstance(title, str):
        return {"line": number, "error": "field 'title' is not a string"}
    lang_hint = item.get("lang") if isinstance(item.get("lang"), str) else None
    published = item.get("published") if isinstance(item.get("published"), str) else None
    result = enrich(title, text, lang_hint, published)
    return {
        "id": item.get("id"),
        "lang": result.lang,
        "lang_confidence": result.lang_confidence,
        "topics": [t.asdict() for t in result.topics],
        "subtopics": [t.asdict() for t in result.subtopics],
        "mentions": [m.asdict() for m in result.mentions],
        "cited_sources": [c.asdict() for c in result.cited_sources],
    }


def annotate_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield annotate_line(line, number)
