"""The embedded index's schema and how an enriched-article document becomes a tantivy document.

Text is analysed in Python (`analysis.py`) and handed to tantivy as whitespace-separated tokens, so
the index and the query translator can never disagree on a word. Keyword fields exist twice: as
given (fast, for facets, which show the original spelling) and lower-cased (for case-insensitive
filters, as the Elasticsearch requests use `case_insensitive`).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import tantivy

from mediamon.errors import RecordError
from mediamon.query.analysis import STEMMERS, stems, tokens
from mediamon.query.fields import FIELDS, TEXT, TITLE, Kind

TEXT_FIELDS = (TITLE, TEXT)
KEYWORD_FIELDS = tuple(sorted({target for field in FIELDS.values() if field.kind is Kind.KEYWORD
                               for target in field.targets}))
DATE_FIELDS = tuple(sorted({target for field in FIELDS.values() if field.kind is Kind.DATE
                            for target in field.targets}))
SOURCE = "source_json"
HIDDEN_SOURCE = ("title_i18n", "text_i18n")  # Elasticsearch's analysis copies; never shown


def stem_field(name: str) -> str:
    return f"{name}_stem"


def keyword_field(name: str) -> str:
    """Lower-cased copy, for filters and field:value queries."""
    return f"{name}_lc"


def facet_field(name: str) -> str:
    """Original values, a fast column for facets."""
    return f"{name}_kw"


def date_field(name: str) -> str:
    """Microseconds since the epoch (sorting, ranges and day buckets as integers)."""
    return f"{name}_us"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, fast=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
        builder.add_text_field(stem_field(name), tokenizer_name="whitespace", index_option="position")
    for name in KEYWORD_FIELDS:
        builder.add_text_field(keyword_field(name), tokenizer_name="raw")
        builder.add_text_field(facet_field(name), fast=True, tokenizer_name="raw")
    for name in DATE_FIELDS:
        builder.add_integer_field(date_field(name), indexed=True, fast=True)
    builder.add_bytes_field(SOURCE, stored=True)
    return builder.build()


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_micros(moment: datetime) -> int:
    """Microseconds since the epoch, cut to the millisecond as Elasticsearch's `date` keeps them, so
    both engines see the same ties (and order them by id)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    return micros - micros % 1000


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(item) for item in values if item is not None and str(item) != ""]


def to_document(document: dict[str, Any]) -> tantivy.Document:
    """The tantivy document of one indexer document (the same dict Elasticsearch receives)."""
    article_id = document.get("id")
    if not isinstance(article_id, str) or not article_id:
        raise RecordError("missing or empty id")
    doc = tantivy.Document()
    doc.add_text("id", article_id)
    lang = document.get("lang")
    for name in TEXT_FIELDS:
        words = tokens(str(document.get(name) or ""))
        doc.add_text(name, " ".join(words))
        if lang in STEMMERS and words:
            doc.add_text(stem_field(name), " ".join(stems(lang, words)))
    for name in KEYWORD_FIELDS:
        for value in _strings(document.get(name)):
            doc.add_text(keyword_field(name), value.lower())
            doc.add_text(facet_field(name), value)
    for name in DATE_FIELDS:
        value = document.get(name)
        if value:
            try:
                doc.add_integer(date_field(name), to_micros(datetime.fromisoformat(str(value))))
            except ValueError as exc:
                raise RecordError(f"{name} is not an ISO 8601 date: {value!r}") from exc
    shown = {key: value for key, value in document.items() if key not in HIDDEN_SOURCE}
    doc.add_bytes(SOURCE, json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return doc


def stored_source(doc: tantivy.Document) -> dict[str, Any]:
    return json.loads(bytes(doc.get_first(SOURCE)))
