"""Article records: what the poller publishes, what enrichment adds, what cannot be processed."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, List, Optional, TypeVar

import faust

from mediamon.errors import RecordError
from mediamon.records.codec import json_object, record_from

SCHEMA_VERSION = 1
# Kafka (and the local server) refuse messages of 1 MiB or more; a dead letter's payload, as
# JSON-escaped (up to 6 bytes per character of non-Latin text), stays below this.
MAX_DEAD_LETTER_PAYLOAD_BYTES = 800_000


class _Json(faust.Record, abstract=True, serializer="json", include_metadata=False, isodates=True):
    """Base: plain JSON without faust's `__faust` namespace, so any consumer can read it."""


class Mention(_Json):
    """One mention of a tracked entity; start/end are Python str offsets into `field`."""

    entity: str
    surface: str
    start: int
    end: int
    field: str
    confidence: float
    framing: Optional[str] = None
    rule: str = ""
    cues: List[str] = []


class CitedSource(_Json):
    """An outlet the article credits ("according to TASS"); start/end are str offsets into `field`."""

    outlet: str
    surface: str
    start: int
    end: int
    field: str


class TopicScore(_Json):
    """A topic with its score and the evidence (terms/features) that decided it.

    `why` (main topic only) says why it is ahead of the runner-up: both raw scores and, when the
    two are a contest (politics against conflict), the frame cues that settled it."""

    id: str
    label: str
    score: float
    evidence: List[str] = []
    why: List[str] = []


class RawArticle(_Json):
    """An article as the poller saw it in a feed (topic `articles.raw`, key = id)."""

    id: str
    url: str
    feed_url: str
    source: str
    title: str
    text: str
    published: datetime
    fetched: datetime
    schema_version: int = SCHEMA_VERSION
    guid: Optional[str] = None
    lang_hint: Optional[str] = None
    country: Optional[str] = None
    tags: List[str] = []
    # Hash of title+text: a changed hash under the same id is an update, not a new article.
    version: str = ""
    # The feed's own date when `published` was clamped (future, or before the earliest plausible year).
    published_original: Optional[datetime] = None


class EnrichedArticle(RawArticle):
    """A raw article plus language, topics and mentions (topic `articles.enriched`)."""

    lang: str = "und"
    lang_confidence: float = 0.0
    topics: List[TopicScore] = []
    subtopics: List[TopicScore] = []
    mentions: List[Mention] = []
    entities: List[str] = []
    enriched: Optional[datetime] = None
    cited_sources: List[CitedSource] = []
    # Distinct outlet ids of cited_sources: the keyword facets and `cited:` searches use.
    cited: List[str] = []
    # The story (processors/stories/stream.py): its id is that of its first article to arrive; its
    # origin is its earliest published article known when this one joined. Size and languages are
    # the story's as this article joined; current ones are computed at query time (GET /stories).
    story_id: str = ""
    story_origin_id: str = ""
    story_origin_source: str = ""
    story_origin_outlet: Optional[str] = None  # outlets.yaml id of the origin's site, when listed
    story_lag_seconds: float = 0.0
    story_credits_origin: bool = False  # cites the origin's outlet
    story_size: int = 1
    story_languages: List[str] = []


ArticleT = TypeVar("ArticleT", bound=RawArticle)


class DeadLetter(_Json):
    """Anything a stage could not process: the reason and the original payload, never dropped."""

    stage: str
    reason: str
    error: str
    payload: str
    source_topic: str = ""
    partition: int = -1
    offset: int = -1
    key: Optional[str] = None
    at: Optional[datetime] = None
    # True when the payload had to be cut to fit a Kafka message.
    truncated: bool = False

    @classmethod
    def build(cls, stage: str, reason: str, error: BaseException | str, payload: bytes | str | None,
              **where: Any) -> "DeadLetter":
        if isinstance(payload, bytes):
            text = payload.decode("utf-8", errors="replace")
        else:
            text = payload or ""
        kept = _fit_json(text, MAX_DEAD_LETTER_PAYLOAD_BYTES)
        return cls(stage=stage, reason=reason, error=_describe(error), payload=kept,
                   truncated=len(kept) < len(text), at=datetime.now(timezone.utc), **where)


def _fit_json(text: str, limit: int) -> str:
    """The longest prefix (roughly) of `text` whose JSON encoding is at most `limit` bytes."""
    encoded = len(json.dumps(text))
    while encoded > limit:
        text = text[:max(0, int(len(text) * limit / encoded) - 16)]
        encoded = len(json.dumps(text))
    return text


def _describe(error: BaseException | str) -> str:
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {error}"[:2000]
    return error[:2000]


@lru_cache(maxsize=None)
def required_fields(record: type[faust.Record]) -> dict[str, type]:
    """The fields of `record` without a default, with the JSON type a message must give each
    (dates travel as ISO 8601 strings): what every edge checks, derived from the record itself."""
    options = record._options
    return {name: str if kind is datetime else kind
            for name, kind in options.fields.items() if name not in options.defaults}


def check_article_fields(data: dict[str, Any], record: type[RawArticle]) -> None:
    """RecordError naming the missing or wrongly typed required fields, or a foreign schema version."""
    required = required_fields(record)
    missing = [name for name in required if name not in data]
    if missing:
        raise RecordError(f"missing fields: {', '.join(missing)}")
    wrong = [name for name, kind in required.items() if not isinstance(data[name], kind)]
    if wrong:
        raise RecordError(f"wrong types for fields: {', '.join(wrong)}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise RecordError(f"unsupported schema_version {version!r} (this build reads {SCHEMA_VERSION})")


def decode_article(payload: bytes | str, record: type[ArticleT]) -> ArticleT:
    """Validate a message from `articles.raw` or `articles.enriched` at the edge; RecordError says why."""
    data = json_object(payload)
    check_article_fields(data, record)
    article = record_from(data, record)
    if not isinstance(article.published, datetime) or not isinstance(article.fetched, datetime):
        raise RecordError("published/fetched must be ISO 8601 dates")
    return article


def decode_raw_article(payload: bytes | str) -> RawArticle:
    """Validate a message from `articles.raw` at the edge; raises RecordError with a clear reason."""
    return decode_article(payload, RawArticle)
