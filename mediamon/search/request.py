"""The Elasticsearch request body of a search: query, filters, order, highlight, facets.

Pure, so what we ask Elasticsearch is tested without a server.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from mediamon.query import to_elasticsearch
from mediamon.query.fields import TEXT, TITLE
from mediamon.search.params import SearchParamError, SearchParams, parse_when

FILTER_FIELDS = {"entity": "entities", "lang": "lang", "topic": "topics", "source": "source",
                 "country": "country", "framing": "framings"}
SORTS: dict[str, list[Any]] = {
    # `id` breaks ties so search_after pages never repeat or skip an article with the same time.
    "date": [{"published": {"order": "desc"}}, {"id": {"order": "asc"}}],
    "relevance": [{"_score": {"order": "desc"}}, {"published": {"order": "desc"}}, {"id": {"order": "asc"}}],
}
FACETS: dict[str, dict[str, Any]] = {
    "entity": {"terms": {"field": "entities", "size": 20}},
    "lang": {"terms": {"field": "lang", "size": 50}},
    "source": {"terms": {"field": "source", "size": 20}},
    "topic": {"terms": {"field": "topics", "size": 20}},
    "framing": {"terms": {"field": "framings", "size": 10}},
    "day": {"date_histogram": {"field": "published", "calendar_interval": "1d", "min_doc_count": 1}},
}
HIDDEN_SOURCE = ["title_i18n", "text_i18n"]  # copies made for analysis only


def encode_cursor(sort: str, values: list[Any]) -> str:
    raw = json.dumps({"sort": sort, "after": values}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values, cursor_sort = data["after"], data["sort"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SearchParamError(f"invalid cursor {cursor!r}: pass the cursor of a hit unchanged") from exc
    if cursor_sort != sort or not isinstance(values, list):
        raise SearchParamError(f"this cursor belongs to a search sorted by {cursor_sort}, not {sort}")
    return values


def searched_languages(params: SearchParams, languages: frozenset[str]) -> frozenset[str]:
    """A language filter narrows the per-language sub-fields worth querying."""
    wanted = {lang.lower() for lang in params.lang}
    return languages & wanted if wanted else languages


def build_query(params: SearchParams, languages: frozenset[str], now: datetime) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    for name, field in FILTER_FIELDS.items():
        values = getattr(params, name)
        if values:
            filters.append({"bool": {"should": [{"term": {field: {"value": v, "case_insensitive": True}}}
                                                for v in values], "minimum_should_match": 1}})
    bounds = {}
    if params.since:
        bounds["gte"] = parse_when(params.since, now).isoformat()
    if params.until:
        bounds["lte"] = parse_when(params.until, now).isoformat()
    if bounds:
        filters.append({"range": {"published": bounds}})
    return {"bool": {"must": [to_elasticsearch(params.q, searched_languages(params, languages))],
                     "filter": filters}}


def _highlight(languages: frozenset[str]) -> dict[str, Any]:
    names = [TITLE, TEXT] + [f"{base}_i18n.{lang}" for base in (TITLE, TEXT) for lang in sorted(languages)]
    # encoder html: a feed's markup comes back escaped, so only our <em> tags are markup (stored XSS).
    return {"pre_tags": ["<em>"], "post_tags": ["</em>"], "encoder": "html", "fragment_size": 160,
            "number_of_fragments": 3,
            "fields": {name: ({"number_of_fragments": 0} if name.startswith(TITLE) else {}) for name in names}}


def build_search(params: SearchParams, languages: frozenset[str], now: datetime,
                 facets: bool = False) -> dict[str, Any]:
    """Keyword arguments for `es.search` (without the index)."""
    body: dict[str, Any] = {
        "query": build_query(params, languages, now),
        "sort": SORTS[params.sort],
        "size": params.size,
        "track_total_hits": True,
        "source": {"excludes": HIDDEN_SOURCE},
        "highlight": _highlight(searched_languages(params, languages)),
    }
    if params.after:
        body["search_after"] = decode_cursor(params.after, params.sort)
    if facets:
        body["aggs"] = FACETS
    return body


def build_facets(params: SearchParams, languages: frozenset[str], now: datetime) -> dict[str, Any]:
    return {"query": build_query(params, languages, now), "size": 0, "track_total_hits": True, "aggs": FACETS}
