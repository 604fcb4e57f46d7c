"""The Elasticsearch request body of a search: query, filters, order, highlight, facets.

Pure, so what we ask Elasticsearch is tested without a server.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

from mediamon.query.elastic import translate
from mediamon.query.fields import FIELDS, TEXT, TITLE
from mediamon.search.params import SearchParamError, SearchParams, parse_when

# Filter parameter -> indexed field, through the query-field table (`--entity X` = `entity:X`).
FILTER_FIELDS = {name: FIELDS[name].targets[0] for name in ("entity", "lang", "topic", "source", "country", "framing")}
SORTS: dict[str, list[Any]] = {
    # `id` breaks ties so search_after pages never repeat or skip an article with the same time.
    "date": [{"published": {"order": "desc"}}, {"id": {"order": "asc"}}],
    "relevance": [{"_score": {"order": "desc"}}, {"published": {"order": "desc"}}, {"id": {"order": "asc"}}],
    "fetched": [{"fetched": {"order": "desc"}}, {"id": {"order": "asc"}}],
}
# The date field each time order sorts on (the embedded engine pages on it the same way).
SORT_FIELDS = {"date": "published", "fetched": "fetched"}
FACETS: dict[str, dict[str, Any]] = {
    "entity": {"terms": {"field": "entities", "size": 20}},
    "lang": {"terms": {"field": "lang", "size": 50}},
    "source": {"terms": {"field": "source", "size": 20}},
    "topic": {"terms": {"field": "topics", "size": 20}},
    "framing": {"terms": {"field": "framings", "size": 10}},
    "country": {"terms": {"field": "country", "size": 30}},
    # The stories with most matching articles (issue 15); /stories lists them with their spread.
    "story": {"terms": {"field": "story_id", "size": 10}},
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
    return _query_and_targets(params, languages, now)[0]


def _query_and_targets(params: SearchParams, languages: frozenset[str],
                       now: datetime) -> tuple[dict[str, Any], set[str]]:
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
    query, targets = translate(params.q, searched_languages(params, languages))
    return {"bool": {"must": [query], "filter": filters}}, targets


def _highlight(targets: set[str], languages: frozenset[str]) -> dict[str, Any]:
    """Only the text fields the query searches, and their sub-fields of the languages searched."""
    bases = [base for base in (TITLE, TEXT) if base in targets]
    names = bases + [f"{base}_i18n.{lang}" for base in bases for lang in sorted(languages)]
    # encoder html: a feed's markup comes back escaped, so only our <em> tags are markup (stored XSS).
    return {"pre_tags": ["<em>"], "post_tags": ["</em>"], "encoder": "html", "fragment_size": 160,
            "number_of_fragments": 3,
            "fields": {name: ({"number_of_fragments": 0} if name.startswith(TITLE) else {}) for name in names}}


def build_search(params: SearchParams, languages: frozenset[str], now: datetime,
                 facets: bool = False) -> dict[str, Any]:
    """Keyword arguments for `es.search` (without the index). `languages`: the per-language
    sub-fields worth searching (those of languages with documents)."""
    query, targets = _query_and_targets(params, languages, now)
    body: dict[str, Any] = {
        "query": query,
        "sort": SORTS[params.sort],
        "size": params.size,
        "track_total_hits": True,
        "source": {"excludes": HIDDEN_SOURCE},
    }
    if targets and params.snippets:
        body["highlight"] = _highlight(targets, searched_languages(params, languages))
    if params.after:
        body["search_after"] = decode_cursor(params.after, params.sort)
    if facets:
        body["aggs"] = FACETS
    return body


def build_facets(params: SearchParams, languages: frozenset[str], now: datetime) -> dict[str, Any]:
    return {"query": build_query(params, languages, now), "size": 0, "track_total_hits": True, "aggs": FACETS}


# Beyond this many months the list of index names costs more than the alias saves.
MAX_MONTHS_LISTED = 24


def search_indices(params: SearchParams, alias: str, now: datetime) -> tuple[str, dict[str, Any]]:
    """The monthly indices (`articles-YYYY.MM`) that can hold articles of the time range, and the
    options that make a month without articles no error. Without a lower bound: the alias. Each
    index left out is a shard Elasticsearch does not search (the local server: documents it does
    not scan)."""
    if not params.since:
        return alias, {}
    start = parse_when(params.since, now).astimezone(timezone.utc)
    end = (parse_when(params.until, now) if params.until else now).astimezone(timezone.utc)
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month) and len(months) <= MAX_MONTHS_LISTED:
        months.append(f"{alias}-{year:04d}.{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not months:
        months = [f"{alias}-{start.year:04d}.{start.month:02d}"]
    if len(months) > MAX_MONTHS_LISTED:
        return alias, {}
    return ",".join(months), {"ignore_unavailable": True, "allow_no_indices": True}


def build_histogram(params: SearchParams, languages: frozenset[str], now: datetime, interval: str) -> dict[str, Any]:
    """Matches per hour or day in UTC buckets, as the embedded engine counts them."""
    return {"query": build_query(params, languages, now), "size": 0, "track_total_hits": False,
            "aggs": {"h": {"date_histogram": {"field": "published", "fixed_interval": "1h" if interval == "hour" else "1d",
                                              "min_doc_count": 1}}}}
