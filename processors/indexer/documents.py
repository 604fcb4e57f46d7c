"""An enriched article as an Elasticsearch document: which monthly index, which fields.

Pure functions, so the mapping from record to document is tested without a server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from mediamon.elastic.templates import ArticleTemplates
from mediamon.records import EnrichedArticle


@dataclass(frozen=True)
class IndexAction:
    """One bulk `index` action: the monthly index, the document id (= article id) and the body."""

    index: str
    id: str
    document: dict[str, Any]


def to_document(article: EnrichedArticle, languages: frozenset[str], indexed: datetime) -> dict[str, Any]:
    """The record's JSON plus the fields search and Kibana filter on.

    `topics` become id lists (labels kept apart for readable dashboards); `framings` lifts the
    nested mention framing to a top-level keyword because Kibana cannot aggregate nested fields;
    title/text are copied into `*_i18n.<lang>` only for a language with its own analyzer, so each
    article is stemmed once, by the right language, and never by the others.
    """
    document: dict[str, Any] = json.loads(article.dumps())
    topics = document.pop("topics", None) or []
    subtopics = document.pop("subtopics", None) or []
    document["topics"] = [topic["id"] for topic in topics]
    document["topic_labels"] = [topic["label"] for topic in topics]
    document["subtopics"] = [topic["id"] for topic in subtopics]
    mentions = document.get("mentions") or []
    document["entities"] = list(dict.fromkeys(document.get("entities") or [m["entity"] for m in mentions]))
    document["framings"] = list(dict.fromkeys(m["framing"] for m in mentions if m.get("framing")))
    if article.lang in languages:
        document["title_i18n"] = {article.lang: article.title}
        document["text_i18n"] = {article.lang: article.text}
    document["indexed"] = indexed.astimezone(timezone.utc).isoformat()
    return document


def to_action(article: EnrichedArticle, templates: ArticleTemplates, indexed: datetime) -> IndexAction:
    """Raises on a record that cannot become a document (e.g. no usable `published`)."""
    if not isinstance(article.published, datetime):
        raise ValueError(f"published is not a date: {article.published!r}")
    return IndexAction(index=templates.monthly_index(article.published), id=article.id,
                       document=to_document(article, templates.languages, indexed))
