"""`mediamon stories --input FILE`: cluster a JSON Lines file offline with the stream's code.

Input lines `{"id","lang"?,"published","title"?,"text"}`; output one line per input line, in input
order: `{"id","story_id","story_origin_id","cited_sources"}` (or `{"line","error"}` for a bad line).
Articles are clustered in (published, id) order whatever the file order, so output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from mediamon.jsonlines import BadLine, load_object
from processors.stories.citations import extract_citations
from processors.stories.cluster import DEFAULT_HORIZON, DEFAULT_THRESHOLD, Observer, StoryClusterer
from processors.stories.pair_model import PairModel, load_model


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        item = load_object(line)
    except BadLine as exc:
        return {"line": number, "error": str(exc)}
    if not isinstance(item.get("id"), str) or not isinstance(item.get("text"), str):
        return {"line": number, "error": "fields 'id' and 'text' must be strings"}
    try:
        published = datetime.fromisoformat(str(item.get("published")))
    except ValueError:
        return {"line": number, "error": f"published is not an ISO 8601 date: {item.get('published')!r}"}
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    return {"id": item["id"], "published": published, "title": title, "text": item["text"]}


def cluster_lines(lines: Iterable[str], horizon: timedelta = DEFAULT_HORIZON, threshold: float = DEFAULT_THRESHOLD,
                  model: PairModel | None = None, observer: Observer | None = None) -> list[dict[str, Any]]:
    """`model` and `observer` are the evaluation's (fit_stories.py): another model, and who sees each
    article's candidates."""
    parsed = [_parse(line, n) for n, line in enumerate(lines, start=1) if line.strip()]
    results: dict[int, dict[str, Any]] = {}
    clusterer = StoryClusterer(horizon=horizon, threshold=threshold, model=model or load_model(), observer=observer)
    order = sorted((i for i, p in enumerate(parsed) if "error" not in p),
                   key=lambda i: (parsed[i]["published"], parsed[i]["id"]))
    for i in order:
        item = parsed[i]
        assignment = clusterer.add(item["id"], item["published"], item["title"], item["text"])
        results[i] = {"id": item["id"], "story_id": assignment.story_id,
                      "story_origin_id": assignment.story_origin_id,
                      "cited_sources": [c.asdict() for c in extract_citations(item["title"], item["text"])]}
    return [results.get(i, p) for i, p in enumerate(parsed)]
