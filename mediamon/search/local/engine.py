"""The embedded search engine: one tantivy index on disk, searched like the Elasticsearch alias.

Many processes may read it (the API, `mediamon search`, the status line); one writes it (the
indexer stage of the worker): tantivy takes a lock file for the writer, and readers see each
commit after `reload()`. A commit is atomic, so a writer killed mid-commit leaves the previous
commit intact, and the indexer acks its Kafka batch only after its commit returned.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tantivy

from mediamon.errors import MediamonError, RecordError
from mediamon.search.local.highlight import highlight
from mediamon.search.local.schema import (
    build_schema,
    date_field,
    facet_field,
    keyword_field,
    stored_source,
    to_document,
    to_micros,
)
from mediamon.search.local.translate import Highlight, Q, all_of, any_of, to_tantivy
from mediamon.search.params import SearchParams, parse_when
from mediamon.search.request import FACETS, FILTER_FIELDS, SORT_FIELDS, decode_cursor, encode_cursor
from mediamon.search.response import FacetsResult, SearchResult, bucket_key

DAY_US = 86_400_000_000
INTERVAL_US = {"hour": 3_600_000_000, "day": DAY_US}
# Writer memory: tantivy needs at least 15 MB per thread; one thread keeps the worker's footprint
# small, and at 50 MB a bulk of 500 articles never flushes mid-batch.
WRITER_HEAP_BYTES = 50_000_000


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    return searcher.search(query, 1, count=True).count  # tantivy refuses a limit of 0


class LocalIndexError(MediamonError):
    """The index folder cannot be opened (another schema, or another process holds the writer)."""


@dataclass(frozen=True)
class WriteResult:
    created: int
    updated: int
    rejected: list[tuple[int, str]]


class LocalIndex:
    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = build_schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        except ValueError as exc:
            raise LocalIndexError(f"{path}: cannot open the search index ({exc}); if it was made by another "
                                  "version, delete the folder and rebuild it with `mediamon reindex`") from exc
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()

    # --- writing (the indexer only) ---

    def write(self, documents: list[dict[str, Any] | None]) -> WriteResult:
        """Upsert documents by id and commit; `None` entries are skipped, positions kept for rejects."""
        with self._lock:
            if self._writer is None:
                try:
                    self._writer = self.index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
                except ValueError as exc:
                    raise LocalIndexError(f"{self.path}: another process is writing this index ({exc})") from exc
            converted, rejected = [], []
            for position, document in enumerate(documents):
                if document is None:
                    continue
                try:
                    converted.append((document["id"], to_document(document)))
                except (RecordError, KeyError, TypeError, ValueError) as exc:
                    rejected.append((position, f"not indexable: {exc}"))
            existing = self._existing({article_id for article_id, _ in converted})
            for article_id, doc in converted:
                self._writer.delete_documents_by_term("id", article_id)
                self._writer.add_document(doc)
            self._writer.commit()
            self.index.reload()
            unique = {article_id for article_id, _ in converted}
            return WriteResult(created=len(unique - existing), updated=len(unique & existing), rejected=rejected)

    def delete(self, article_id: str) -> None:
        with self._lock:
            if self._writer is None:
                self._writer = self.index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
            self._writer.delete_documents_by_term("id", article_id)
            self._writer.commit()
            self.index.reload()

    def _existing(self, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        self.index.reload()
        searcher = self.index.searcher()
        hits = searcher.search(Q.term_set_query(self.schema, "id", sorted(ids)), len(ids)).hits
        return {searcher.doc(address).get_first("id") for _, address in hits}

    # --- reading ---

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()

    def get(self, article_id: str) -> dict[str, Any] | None:
        searcher = self.searcher()
        hits = searcher.search(Q.term_query(self.schema, "id", article_id), 1).hits
        return stored_source(searcher.doc(hits[0][1])) if hits else None

    def _query(self, params: SearchParams, now: datetime) -> tuple[tantivy.Query, Highlight]:
        query, wanted = to_tantivy(self.schema, params.q, frozenset(lang.lower() for lang in params.lang) or None)
        clauses = [query]
        for name, field in FILTER_FIELDS.items():
            values = getattr(params, name)
            if values:
                clauses.append(any_of([Q.term_query(self.schema, keyword_field(field), value.lower())
                                       for value in values]))
        if params.since or params.until:
            lower = to_micros(parse_when(params.since, now)) if params.since else None
            upper = to_micros(parse_when(params.until, now)) if params.until else None
            clauses.append(Q.range_query(self.schema, date_field("published"), tantivy.FieldType.Integer,
                                         lower, upper))
        return all_of(clauses), wanted

    def search(self, params: SearchParams, now: datetime, facets: bool = False) -> SearchResult:
        query, wanted = self._query(params, now)
        searcher = self.searcher()
        if params.sort in SORT_FIELDS:
            page, total = self._page_by_date(searcher, query, params, date_field(SORT_FIELDS[params.sort]))
        else:
            page, total = self._page_by_relevance(searcher, query, params)
        hits = []
        for score, cursor_values, address in page:
            source = stored_source(searcher.doc(address))
            hits.append({**source, "score": score, "highlight": highlight(source, wanted) if params.snippets else {},
                         "cursor": encode_cursor(params.sort, cursor_values)})
        return SearchResult(total=total, hits=hits, next_cursor=hits[-1]["cursor"] if len(hits) == params.size else None,
                            facets=self._facets(searcher, query) if facets else None)

    def facets(self, params: SearchParams, now: datetime) -> FacetsResult:
        query, _ = self._query(params, now)
        searcher = self.searcher()
        return FacetsResult(total=_count(searcher, query), facets=self._facets(searcher, query))

    def _page_by_date(self, searcher: tantivy.Searcher, query: tantivy.Query, params: SearchParams,
                      field: str) -> tuple[list[tuple[None, list[Any], Any]], int]:
        """Newest first on the date `field` (published or fetched), ties by id ascending
        (Elasticsearch's sort), continuing after the cursor."""
        total = _count(searcher, query)
        ties: list[tuple[int, str, Any]] = []
        rest = query
        if params.after:
            after_us, after_id = decode_cursor(params.after, params.sort)
            ties = [hit for hit in self._all_at(searcher, query, field, int(after_us)) if hit[1] > after_id]
            rest = all_of([query, Q.range_query(self.schema, field, tantivy.FieldType.Integer, None,
                                                int(after_us), include_upper=False)])
        need = params.size - len(ties)
        if need > 0:
            hits = searcher.search(rest, need, count=False, order_by_field=field, order=tantivy.Order.Desc).hits
            if len(hits) == need:
                boundary = hits[-1][0]
                newer = [(value, searcher.doc(address).get_first("id"), address)
                         for value, address in hits if value != boundary]
                ties += newer + self._all_at(searcher, rest, field, boundary)
            else:
                ties += [(value, searcher.doc(address).get_first("id"), address) for value, address in hits]
        ties.sort(key=lambda hit: (-hit[0], hit[1]))
        return [(None, [value, article_id], address) for value, article_id, address in ties[:params.size]], total

    def _all_at(self, searcher: tantivy.Searcher, query: tantivy.Query, field: str,
                micros: int) -> list[tuple[int, str, Any]]:
        """Every match whose date `field` is exactly `micros`, sorted by id (the tie-breaker)."""
        at = all_of([query, Q.range_query(self.schema, field, tantivy.FieldType.Integer, micros, micros)])
        count = _count(searcher, at)
        hits = searcher.search(at, max(count, 1), count=False).hits
        return sorted(((micros, searcher.doc(address).get_first("id"), address) for _, address in hits),
                      key=lambda hit: hit[1])

    def _page_by_relevance(self, searcher: tantivy.Searcher, query: tantivy.Query,
                           params: SearchParams) -> tuple[list[tuple[float, list[Any], Any]], int]:
        """Best score first; the cursor is the position reached (scores differ from Elasticsearch's)."""
        offset = int(decode_cursor(params.after, "relevance")[0]) if params.after else 0
        result = searcher.search(query, params.size, count=True, offset=offset)
        return [(score, [offset + rank + 1], address) for rank, (score, address) in enumerate(result.hits)], result.count

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
        """The same facets as Elasticsearch's request (mediamon/search/request.py FACETS)."""
        aggs: dict[str, Any] = {}
        for name, spec in FACETS.items():
            if "terms" in spec:
                aggs[name] = {"terms": {"field": facet_field(spec["terms"]["field"]), "size": spec["terms"]["size"]}}
            else:
                aggs[name] = {"histogram": {"field": date_field(spec["date_histogram"]["field"]),
                                            "interval": DAY_US, "min_doc_count": 1}}
        answer = searcher.aggregate(query, aggs)
        facets: dict[str, dict[str, int]] = {}
        for name, agg in answer.items():
            if name == "day":
                facets[name] = {datetime.fromtimestamp(bucket["key"] / 1e6, timezone.utc).strftime("%Y-%m-%d"):
                                int(bucket["doc_count"]) for bucket in agg["buckets"]}
            else:
                facets[name] = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in agg["buckets"]}
        return facets

    def histogram(self, params: SearchParams, now: datetime, interval: str) -> dict[str, int]:
        """Matches per hour or day (UTC bucket start -> count); empty buckets left out."""
        query, _ = self._query(params, now)
        answer = self.searcher().aggregate(query, {"h": {"histogram": {
            "field": date_field("published"), "interval": INTERVAL_US[interval], "min_doc_count": 1}}})
        return {bucket_key(bucket["key"] / 1e6): int(bucket["doc_count"]) for bucket in answer["h"]["buckets"]}

    def counts(self) -> tuple[int, dict[str, int]]:
        """Articles indexed and articles per entity (the status line)."""
        searcher = self.searcher()
        answer = searcher.aggregate(Q.all_query(), {"e": {"terms": {"field": facet_field("entities"), "size": 20}}})
        return searcher.num_docs, {bucket["key"]: int(bucket["doc_count"]) for bucket in answer["e"]["buckets"]}
