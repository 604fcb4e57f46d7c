"""Feed bytes -> entries. XML kinds go to feedparser with the RAW bytes and the real response
headers, because its charset rules (HTTP charset vs XML declaration vs BOM) need both."""

from __future__ import annotations

import calendar
import io
import re
import time
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.entries import Entry, ParsedFeed
from ingest.jsonfeed import looks_like_json_feed, parse_json_feed
from ingest.text import to_text

# feedparser's own errors that still leave a usable, loosely parsed feed.
_BENIGN = (feedparser.CharacterEncodingOverride,)

# The internal DTD subset of a DOCTYPE before the root element. feedparser strips entity
# declarations only when each starts a line, so a one-line "billion laughs" reaches expat, which
# spends a second or more expanding it before its amplification limit stops it.
_INTERNAL_SUBSET = re.compile(rb"(<!DOCTYPE\s[^\[>]*)\[(.*?)\]\s*>", re.DOTALL)
# Declarations worth keeping: a name for a short literal or one character reference, nothing that
# refers to another entity, a parameter entity or an external resource.
_LITERAL_ENTITY = re.compile(rb'<!ENTITY\s+[\w.-]+\s+"(?:&#x?[0-9A-Fa-f]{1,8};|[^&%"<]{0,200})"\s*>')
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Parse a fetched feed; never raises (a document that is not a feed gives `error`)."""
    content_type = headers.get("content-type", "")
    if looks_like_json_feed(body, content_type.lower()):
        return parse_json_feed(body, url)
    try:
        # Links inside entry HTML need no resolving: we keep plain text (entry links still resolve).
        result = run_feedparser(replace_surrogate_references(defuse_entities(body)), headers, url,
                                resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser has raised odd things on hostile input
        return ParsedFeed(error=f"feed parser failed: {type(exc).__name__}: {exc}")
    return _from_feedparser(result)


def defuse_entities(body: bytes) -> bytes:
    """Drop every entity declaration of the internal DTD subset except plain literal ones.

    References to dropped entities stay in the text as undefined entities, which the loose parser
    tolerates. Only ASCII-compatible encodings are rewritten; in a UTF-16 document expat's own
    amplification limit remains the guard.
    """
    root = re.search(rb"<[A-Za-z]", body)
    head = body[:root.start()] if root else body
    subset = _INTERNAL_SUBSET.search(head)
    if subset is None:
        return body
    kept = b"".join(_LITERAL_ENTITY.findall(subset.group(2)))
    doctype = subset.group(1) + (b"[" + kept + b"]>" if kept else b">")
    return head[:subset.start()] + doctype + head[subset.end():] + body[len(head):]


def _surrogate_to_replacement(reference: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF else reference.group(0)


def replace_surrogate_references(body: bytes) -> bytes:
    """`&#xD800;` (half a UTF-16 pair, not a character) becomes U+FFFD: feedparser's loose parser
    raises on it, which lost every entry of an otherwise readable feed."""
    return _CHARACTER_REFERENCE.sub(_surrogate_to_replacement, body) if b"&#" in body else body


def run_feedparser(body: bytes, headers: dict[str, str], url: str, resolve_relative_uris: bool = True) -> Any:
    """feedparser's own result for a fetched document (the corpus test checks its verdicts)."""
    # The body is already decompressed. Relative links resolve against Content-Location (itself
    # relative to the URL), or the fetched URL when that is absent or not http(s).
    response_headers = {k: v for k, v in headers.items() if k != "content-encoding"}
    # No Content-Type at all: let the BOM and XML declaration decide, as for a local file
    # (feedparser would otherwise flag every such feed as bozo).
    response_headers.setdefault("content-type", "application/xml")
    base = urljoin(url, headers["content-location"]) if headers.get("content-location") else url
    response_headers["content-location"] = base if urlsplit(base).scheme in ("http", "https") else url
    return feedparser.parse(io.BytesIO(body), response_headers=response_headers,
                            resolve_relative_uris=resolve_relative_uris)


def _from_feedparser(result: Any) -> ParsedFeed:
    problem = result.get("bozo_exception")
    entries = [_entry(item) for item in result.entries]
    title = to_text(result.feed.get("title", ""), result.feed.get("title_detail", {}).get("type"))
    parsed = ParsedFeed(title=title, kind=result.get("version") or "", entries=entries,
                        language=result.feed.get("language"), encoding=result.get("encoding"))
    if problem is None or isinstance(problem, _BENIGN):
        if not parsed.kind and not entries:
            parsed.error = "not a feed: no RSS, Atom or JSON Feed document found"
        return parsed
    reason = f"{type(problem).__name__}: {problem}"
    # Ill-formed XML (undefined HTML entities above all) is common and the loose parser recovers
    # real entries; but when the document was cut off, its last entry is cut off too.
    if _truncated(problem):
        parsed.entries = entries[:-1]
    if parsed.entries or (parsed.kind and not entries and not isinstance(problem, feedparser.NonXMLContentType)):
        parsed.warning = reason
    else:
        parsed.error = f"not a usable feed ({reason})"
    return parsed


def _truncated(problem: Exception) -> bool:
    """expat's words for a document that ended before its elements did."""
    message = str(getattr(problem, "getMessage", lambda: "")())
    return message in ("no element found", "unclosed token", "unclosed CDATA section")


def _entry(item: Any) -> Entry:
    title = to_text(item.get("title", ""), item.get("title_detail", {}).get("type"))
    body, body_type = _longest_body(item)
    return Entry(url=item.get("link"), guid=item.get("id") or None, title=title, body=body, body_type=body_type,
                 published=_date(item))


def _longest_body(item: Any) -> tuple[str, str | None]:
    """The longest of content/summary: many feeds put a teaser in one and the body in the other."""
    candidates = [(c.get("value", ""), c.get("type")) for c in item.get("content", [])]
    if item.get("summary"):
        candidates.append((item["summary"], item.get("summary_detail", {}).get("type")))
    return max(candidates, key=lambda candidate: len(candidate[0]), default=("", None))


def _date(item: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = item.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None

