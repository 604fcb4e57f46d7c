"""Archive lines become the same raw articles a feed entry would, or a clear error naming the field."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from ingest.canonical import article_id, canonical_url
from ingest.importer import ImportLineError, parse_line

FETCHED = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)
GOOD = {"url": "https://example.kz/news/1?utm_source=x", "title": "Саммит ОДКБ", "text": "Лидеры ОДКБ встретились.",
        "published": "2026-12-01T09:00:00+06:00", "source": "Example KZ", "lang": "ru"}


def test_a_line_becomes_the_raw_article_the_poller_would_publish() -> None:
    article, fingerprint = parse_line(json.dumps(GOOD), "import:archive.jsonl", FETCHED)
    assert article.id == article_id(GOOD["url"], None, GOOD["title"], "2026-12-01T03:00:00+00:00")
    assert article.url == canonical_url(GOOD["url"]) and "utm_source" not in article.url
    assert article.published == datetime(2026, 12, 1, 3, tzinfo=timezone.utc)
    assert (article.source, article.lang_hint, article.feed_url) == ("Example KZ", "ru", "import:archive.jsonl")
    assert fingerprint and article.version


def test_a_future_date_is_clamped_like_a_feed_date() -> None:
    article, _ = parse_line(json.dumps({**GOOD, "published": "2030-01-01T00:00:00Z"}), "import:x", FETCHED)
    assert article.published == FETCHED


def test_source_defaults_to_the_site() -> None:
    line = {k: v for k, v in GOOD.items() if k not in ("source", "title", "lang")}
    assert parse_line(json.dumps(line), "import:x", FETCHED)[0].source == "example.kz"


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({**GOOD, "url": "javascript:alert(1)"}), "url must be an http"),
    (json.dumps({**GOOD, "text": "  "}), "text is missing"),
    (json.dumps({**GOOD, "published": "yesterday"}), "published must be an ISO 8601 date"),
    (json.dumps({**GOOD, "author": "x"}), "unknown field"),
    (json.dumps({**GOOD, "title": 5}), "title must be a string"),
])
def test_bad_lines_say_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(ImportLineError, match=message):
        parse_line(line, "import:x", FETCHED)
