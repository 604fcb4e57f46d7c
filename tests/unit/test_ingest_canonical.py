"""Entry identity: URLs a reader would call the same article give the same id."""

from __future__ import annotations

import pytest

from ingest.canonical import article_id, canonical_url, content_version


@pytest.mark.parametrize(("variant", "canonical"), [
    ("HTTPS://Example.COM/news/a-story", "https://example.com/news/a-story"),
    ("https://example.com:443/news/a-story", "https://example.com/news/a-story"),
    ("http://example.com:80/news/a-story", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story/", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story#comments", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story?utm_source=rss&utm_medium=feed", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story?fbclid=abc&gclid=def", "https://example.com/news/a-story"),
    ("https://www.example.com/news/a-story", "https://example.com/news/a-story"),
    ("https://m.example.com/news/a-story", "https://example.com/news/a-story"),
    ("https://example.com/amp/news/a-story", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story/amp", "https://example.com/news/a-story"),
    ("https://example.com/news/a-story.amp.html", "https://example.com/news/a-story.html"),
    ("https://example.com/news/a-story?amp=1", "https://example.com/news/a-story"),
])
def test_variants_of_one_article_share_the_canonical_url(variant: str, canonical: str) -> None:
    assert canonical_url(variant) == canonical


def test_meaningful_query_parameters_and_ports_are_kept() -> None:
    assert canonical_url("https://example.com/story?id=42&utm_campaign=x") == "https://example.com/story?id=42"
    assert canonical_url("https://example.com/story?b=2&a=1") == "https://example.com/story?a=1&b=2"
    assert canonical_url("http://example.com:8080/story") == "https://example.com:8080/story"
    assert canonical_url("https://example.com/story?page=2") != canonical_url("https://example.com/story?page=3")


def test_article_id_prefers_url_then_guid_then_title_and_date() -> None:
    by_url = article_id("https://example.com/a?utm_source=x", "guid-1", "T", "2024")
    assert by_url == article_id("https://www.example.com/a/", "other-guid", "Other", "2025")
    assert article_id(None, "guid-1", "T", "2024") == article_id(None, "guid-1", "Changed", "2025")
    assert article_id(None, None, "T", "2024") != article_id(None, None, "T", "2025")
    assert len({by_url, article_id(None, "guid-1", "T", "2024"), article_id(None, None, "T", "2024")}) == 3


def test_version_changes_with_content_only() -> None:
    assert content_version("Title", "text") == content_version(" Title ", "text\n")
    assert content_version("Title", "text") != content_version("Title", "text, corrected")
