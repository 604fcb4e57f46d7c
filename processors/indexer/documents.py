"""An enriched article as an Elasticsearch document: which monthly index, which fields.

Pure functions, so the mapping from record to document is tested without a server. The indexer
builds documents straight from the message bytes with one `json.loads`: decoding into nested faust
Records first and dumping them again cost more than the rest of the indexer's work together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from mediamon.elastic.templates import ArticleTemplates
from mediamon.errors import RecordError
from mediamon.records import EnrichedArticle, check_article_fields
from mediamon.records.codec import json_object


@dataclass(frozen=True)
class IndexAction:
    """One bulk `index` action: the monthly index, the document id (= article id) and the body."""

    index: str
    id: str
    document: dict[str, Any]


def _list_of(data: dict[str, Any], name: str, kind: type) -> list[Any]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        raise RecordError(f"{name} must be a list of {'objects' if kind is dict else kind.__name__}")
    return value


def published_at(data: dict[str, Any]) -> datetime:
    value = data.get("published")
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise RecordError(f"published is not an ISO 8601 date: {value!r}")


def _document(data: dict[str, Any], languages: frozenset[str], indexed: datetime) -> dict[str, Any]:
    """The record's JSON plus the fields search and Kibana filter on.

    `topics` become id lists (labels kept apart for readable dashboards); `framings` lifts the
    nested mention framing to a top-level keyword because Kibana cannot aggregate nested fields;
    title/text are copied into `*_i18n.<lang>` only for a language with its own analyzer, so each
    article is stemmed once, by the right language, and never by the others.
    """
    topics = _list_of(data, "topics", dict)
    subtopics = _list_of(data, "subtopics", dict)
    mentions = _list_of(data, "mentions", dict)
    try:
        document = {**data, "topics": [topic["id"] for topic in topics],
                    "topic_labels": [topic["label"] for topic in topics],
                    # Scores and evidence terms, kept for the console's article view (not searched).
                    "topic_evidence": topics,
                    "subtopics": [topic["id"] for topic in subtopics],
                    "entities": _list_of(data, "entities", str),
                    "framings": list(dict.fromkeys(m["framing"] for m in mentions if m.get("framing")))}
    except KeyError as exc:
        raise RecordError(f"a topic or mention has no {exc}") from exc
    lang = data.get("lang")
    if lang in languages:
        document["title_i18n"] = {lang: data.get("title")}
        document["text_i18n"] = {lang: data.get("text")}
    document["indexed"] = indexed.astimezone(timezone.utc).isoformat()
    return document


def action_from_dict(data: dict[str, Any], templates: ArticleTemplates, indexed: datetime) -> IndexAction:
    """RecordError says why a record cannot become a document (a required field missing, an empty
    id, no usable `published`, …). The required fields are checked like every edge does, from the
    record; the rest straight on the dict, which costs far less than building the record."""
    check_article_fields(data, EnrichedArticle)
    article_id = data["id"]
    if not article_id:
        raise RecordError("empty id")
    return IndexAction(index=templates.monthly_index(published_at(data)), id=article_id,
                       document=_document(data, templates.languages, indexed))


def action_from_json(payload: bytes | str, templates: ArticleTemplates, indexed: datetime) -> IndexAction:
    """The bulk action for one `articles.enriched` message; RecordError for a bad payload."""
    return action_from_dict(json_object(payload), templates, indexed)


def to_action(article: EnrichedArticle, templates: ArticleTemplates, indexed: datetime) -> IndexAction:
    """The same action from a record (tests, benchmarks and tools that hold records)."""
    return action_from_json(article.dumps(), templates, indexed)


def build_actions(payloads: Sequence[bytes | str], templates: ArticleTemplates,
                  indexed: datetime) -> tuple[list[IndexAction | None], list[tuple[int, str]]]:
    """Actions for a batch of messages, positions kept: a bad one becomes None plus (position, why)."""
    actions: list[IndexAction | None] = []
    rejected: list[tuple[int, str]] = []
    for position, payload in enumerate(payloads):
        try:
            actions.append(action_from_json(payload, templates, indexed))
        except RecordError as exc:
            actions.append(None)
            rejected.append((position, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug on one record must not block the batch
            actions.append(None)
            rejected.append((position, f"not an indexable article: {exc!r}"))
    return actions, rejected
