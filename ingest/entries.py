"""The parser-neutral shape of a feed entry, and how an entry becomes a `RawArticle`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from urllib.parse import urlsplit

from ingest.canonical import article_id, canonical_url, content_version
from ingest.feeds import FeedSpec
from ingest.text import MAX_TEXT_CHARS, MAX_TITLE_CHARS, to_text
from mediamon.records import RawArticle

# Publisher clocks drift; a date further ahead than this is clamped to the fetch time.
CLOCK_SKEW = timedelta(minutes=10)
# Dates before this year are feed errors (year 0999, a zero Unix time), not old news.
EARLIEST_YEAR = 1990


@dataclass
class Entry:
    """One feed item; `published` is UTC or None when the feed had none.

    The body is kept as the feed gave it (`body`, `body_type`) and turned into plain text only
    when asked: most entries of a poll were seen before and never need it.
    """

    url: str | None
    guid: str | None
    title: str
    body: str = ""
    body_type: str | None = None
    published: datetime | None = None

    @cached_property
    def text(self) -> str:
        return to_text(self.body, self.body_type)

    @property
    def article_url(self) -> str | None:
        """The entry's web address; javascript:/data: and other non-HTTP links do not count."""
        for candidate in (self.url, self.guid):
            if candidate and urlsplit(candidate.strip()).scheme.lower() in ("http", "https"):
                return candidate.strip()
        return None

    @property
    def id(self) -> str:
        date = self.published.isoformat() if self.published else ""
        return article_id(self.article_url, self.guid, self.title, date)

    @property
    def fingerprint(self) -> str:
        """What decides "changed": re-dating or reordering an entry keeps the same fingerprint."""
        return content_version(self.title, self.body)


@dataclass
class ParsedFeed:
    """A parsed feed; `error` is set when the document could not be read as a feed at all."""

    title: str = ""
    kind: str = ""
    language: str | None = None
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None
    encoding: str | None = None


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def published_at(entry: Entry, fetched: datetime, earliest_year: int = EARLIEST_YEAR) -> datetime:
    """The entry date in UTC: missing -> fetch time; in the future beyond clock skew, or before
    `earliest_year` (a feed dated year 999 would create index `articles-999.01`) -> fetch time."""
    if entry.published is None or entry.published > fetched + CLOCK_SKEW:
        return fetched
    if entry.published < datetime(earliest_year, 1, 1, tzinfo=timezone.utc):
        return fetched
    return entry.published


def to_article(entry: Entry, feed: FeedSpec, feed_url: str, fetched: datetime,
               text: str | None = None, earliest_year: int = EARLIEST_YEAR) -> RawArticle:
    """The record published on `articles.raw`; `text` replaces the feed text (full-text fetch).
    A clamped date keeps the feed's own value in `published_original`."""
    url = entry.article_url
    title = entry.title[:MAX_TITLE_CHARS]
    body = (entry.text if text is None else text)[:MAX_TEXT_CHARS]
    published = published_at(entry, fetched, earliest_year)
    return RawArticle(
        id=entry.id, url=canonical_url(url) if url else "", feed_url=feed_url, source=feed.name,
        title=title, text=body, published=published, fetched=fetched,
        published_original=entry.published if entry.published not in (None, published) else None,
        guid=entry.guid, lang_hint=feed.lang, country=feed.country, tags=list(feed.tags),
        version=content_version(title, body))
