"""Feed HTML -> plain text. Stored text is never HTML: scripts/styles are dropped with their
content (nh3, a Rust sanitiser), block boundaries become line breaks, entities are decoded."""

from __future__ import annotations

import html
import re

import nh3

_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
               "blockquote", "pre", "section", "article", "header", "footer", "figcaption", "dd", "dt", "hr"}
_DROP_WITH_CONTENT = {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math"}
_BLOCK_MARKUP = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
# C0 controls other than tab/newline break JSON consumers and Elasticsearch analyzers; a lone
# surrogate cannot be encoded as UTF-8 at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_TITLE_CHARS = 1_000
# Kafka refuses messages of 1 MiB; 100k characters of Bengali is ~300 KB of UTF-8.
MAX_TEXT_CHARS = 100_000


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment, paragraphs on their own lines."""
    if "<" not in markup and "&" not in markup:
        return clean_text(markup)
    kept = nh3.clean(markup, tags=_BLOCK_TAGS, clean_content_tags=_DROP_WITH_CONTENT, attributes={})
    return clean_text(html.unescape(_BLOCK_MARKUP.sub("\n", kept)))


def clean_text(text: str) -> str:
    """Normalise whitespace and drop control characters (NULs included)."""
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def to_text(value: str, content_type: str | None) -> str:
    """Text of a feed field given its declared type (feedparser's `*_detail.type`)."""
    if content_type and "html" in content_type:
        return html_to_text(value)
    return clean_text(value)
