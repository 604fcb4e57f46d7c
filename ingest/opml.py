"""OPML import/export, the feed-list format every feed reader speaks.

Parsed with defusedxml: an OPML file from elsewhere must not be able to expand entities or
fetch external resources.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only used to build output; parsing is defusedxml

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from pydantic import ValidationError

from ingest.feeds import FeedSpec
from mediamon.errors import ConfigError


def read_opml(data: bytes, source: str = "<opml>") -> list[FeedSpec]:
    """Every outline with an xmlUrl; enclosing folder outlines become tags."""
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise ConfigError(f"{source}: not a valid OPML file: {exc}") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(f"{source}: not an OPML file (no <opml><body>)")
    feeds: list[FeedSpec] = []
    seen: set[str] = set()
    _walk(body, (), feeds, seen, source)
    return feeds


def _walk(node: ET.Element, folders: tuple[str, ...], feeds: list[FeedSpec], seen: set[str], source: str) -> None:
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        name = (outline.get("title") or outline.get("text") or "").strip()
        if not url:
            _walk(outline, (*folders, name) if name else folders, feeds, seen, source)
            continue
        if url in seen:
            continue
        categories = [c.strip().strip("/") for c in (outline.get("category") or "").split(",") if c.strip()]
        try:
            feeds.append(FeedSpec(name=name or url, url=url, lang=outline.get("language") or None,
                                  tags=tuple(dict.fromkeys([*folders, *categories]))))
        except ValidationError as exc:
            raise ConfigError(f"{source}: outline {name or url!r}: {exc.errors()[0]['msg']}") from exc
        seen.add(url)


def write_opml(feeds: list[FeedSpec], title: str = "mediamon feeds") -> str:
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.tags:
            attributes["category"] = ",".join(feed.tags)
        if feed.lang:
            attributes["language"] = feed.lang
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
