"""JSON Feed 1.0/1.1 (jsonfeed.org) into the same entry shape as feedparser's XML feeds.

Small enough by hand; the spec has no encoding games (always UTF-8 JSON).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ingest.entries import Entry, ParsedFeed, as_utc
from ingest.text import clean_text
from mediamon.records.codec import loads_text_safe


def looks_like_json_feed(body: bytes, content_type: str) -> bool:
    if "json" in content_type:
        return True
    head = body[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in body[:2000]


def parse_json_feed(body: bytes, base_url: str) -> ParsedFeed:
    try:
        data = loads_text_safe(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return ParsedFeed(error=f"invalid JSON Feed: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return ParsedFeed(error="invalid JSON Feed: no `items` list")
    entries = [_entry(item) for item in data["items"] if isinstance(item, dict)]
    return ParsedFeed(title=clean_text(str(data.get("title") or "")), kind="json",
                      language=_str(data.get("language")), entries=entries)


def _entry(item: dict[str, Any]) -> Entry:
    if isinstance(item.get("content_html"), str):
        body, body_type = item["content_html"], "text/html"
    else:
        body, body_type = _str(item.get("content_text")) or _str(item.get("summary")) or "", "text/plain"
    return Entry(url=_str(item.get("url")) or _str(item.get("external_url")), guid=_str(item.get("id")),
                 title=clean_text(_str(item.get("title")) or ""), body=body, body_type=body_type,
                 published=_date(item.get("date_published")) or _date(item.get("date_modified")))


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None
