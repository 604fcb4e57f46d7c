"""Turn an Elasticsearch answer into hits with snippets, a next-page cursor and facet counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, Field

from mediamon.query.fields import TEXT, TITLE
from mediamon.search.request import encode_cursor


class SearchResult(BaseModel):
    total: int
    total_is_exact: bool = True
    hits: list[dict[str, Any]] = Field(description="Article fields plus score, highlight and cursor")
    next_cursor: str | None = Field(None, description="Pass as `after` for the next page; null on the last")
    facets: dict[str, dict[str, int]] | None = None


class FacetsResult(BaseModel):
    total: int
    facets: dict[str, dict[str, int]]


def best_snippets(highlight: dict[str, list[str]]) -> dict[str, list[str]]:
    """One snippet list per base field: the language sub-field's when it marks more words
    (it also matched inflected forms), else the neutral field's."""
    merged: dict[str, list[str]] = {}
    for base in (TITLE, TEXT):
        candidates = [snippets for name, snippets in highlight.items()
                      if name == base or name.startswith(f"{base}_i18n.")]
        if candidates:
            merged[base] = max(candidates, key=lambda snippets: sum(s.count("<em>") for s in snippets))
    return merged


def facet_counts(aggregations: dict[str, Any], names: Iterable[str] = ()) -> dict[str, dict[str, int]]:
    """Counts per facet; every requested name is present (empty when no index held a match)."""
    facets: dict[str, dict[str, int]] = {name: {} for name in names}
    for name, agg in aggregations.items():
        facets[name] = {str(b.get("key_as_string", b["key"]))[:10] if name == "day" else str(b["key"]):
                        int(b["doc_count"]) for b in agg.get("buckets", [])}
    return facets


def to_result(answer: dict[str, Any], sort: str, size: int, facets: Iterable[str] = ()) -> SearchResult:
    """`facets`: the facet names the request asked for (none: no facets in the result)."""
    hits = []
    for raw in answer["hits"]["hits"]:
        hit = dict(raw.get("_source") or {})
        hit.update(score=raw.get("_score"), highlight=best_snippets(raw.get("highlight") or {}),
                   cursor=encode_cursor(sort, raw["sort"]) if raw.get("sort") else None)
        hits.append(hit)
    total = answer["hits"]["total"]
    facets = list(facets)
    return SearchResult(total=total["value"], total_is_exact=total.get("relation", "eq") == "eq", hits=hits,
                        next_cursor=hits[-1]["cursor"] if len(hits) == size else None,
                        facets=facet_counts(answer.get("aggregations") or {}, facets) if facets else None)


def to_facets(answer: dict[str, Any], names: Iterable[str]) -> FacetsResult:
    return FacetsResult(total=answer["hits"]["total"]["value"],
                        facets=facet_counts(answer.get("aggregations") or {}, names))


def bucket_key(epoch_seconds: float) -> str:
    """A histogram bucket's start as both engines name it: UTC, to the second, `Z` suffix."""
    return datetime.fromtimestamp(epoch_seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def histogram_counts(answer: dict[str, Any]) -> dict[str, int]:
    return {bucket_key(bucket["key"] / 1000): int(bucket["doc_count"])
            for bucket in (answer.get("aggregations") or {}).get("h", {}).get("buckets", []) if bucket["doc_count"]}
