"""Feed bytes -> entries: kinds, plain text without scripts, dates in UTC, unusable documents."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ingest.entries import Entry, published_at, to_article
from ingest.feeds import FeedSpec
from ingest.parse import defuse_entities, parse_feed

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
<item><title>Первая &amp; новость</title><link>https://ex.example/1?utm_source=rss</link>
<pubDate>Mon, 25 Nov 2024 09:00:00 +0300</pubDate>
<description>&lt;p&gt;Раз&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p onclick="x()"&gt;два&lt;/p&gt;</description></item>
<item><title>No date</title><link>javascript:alert(1)</link><guid>urn:x:2</guid></item>
</channel></rss>""".encode()

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
 {"id": "1", "url": "https://ex.example/j", "title": "Hi", "content_html": "<b>bold</b><script>x()</script>",
  "date_published": "2024-11-25T10:00:00+02:00"}]}"""


def test_rss_entries_are_plain_text_with_utc_dates() -> None:
    parsed = parse_feed(RSS, {"content-type": "application/rss+xml"}, "https://ex.example/feed")
    first, second = parsed.entries
    assert first.title == "Первая & новость"
    assert first.text == "Раз\nдва"
    assert first.published == datetime(2024, 11, 25, 6, 0, tzinfo=timezone.utc)
    assert second.article_url is None and second.published is None, "javascript: links are not article URLs"
    assert second.id != first.id


def test_json_feed_is_read_and_sanitised() -> None:
    parsed = parse_feed(JSON_FEED, {"content-type": "application/feed+json"}, "https://ex.example/feed.json")
    (entry,) = parsed.entries
    assert (entry.title, entry.text, entry.article_url) == ("Hi", "bold", "https://ex.example/j")
    assert entry.published == datetime(2024, 11, 25, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"<rss><channel><item><title>cut",
                                  b'{"items": 3}', b"\x00\x01\x02"])
def test_documents_that_are_not_feeds_give_a_clear_error(body: bytes) -> None:
    parsed = parse_feed(body, {"content-type": "text/xml"}, "https://ex.example/feed")
    assert parsed.error and not parsed.entries


def test_ill_formed_feed_with_real_entries_is_usable() -> None:
    body = b'<rss version="2.0"><channel><title>T</title><item><title>caf&eacute;</title>' \
           b'<link>https://ex.example/c</link></item></channel></rss>'
    parsed = parse_feed(body, {"content-type": "text/xml"}, "https://ex.example/feed")
    assert parsed.error is None and parsed.warning
    assert [e.title for e in parsed.entries] == ["café"]



def test_a_half_surrogate_character_reference_costs_one_character_not_the_feed() -> None:
    """`&#xD800;` is no character; feedparser raised on it and every entry of the feed was lost."""
    body = RSS.replace("Первая &amp;".encode(), "Первая &#xD800;&#55296; &amp;".encode())
    parsed = parse_feed(body, {"content-type": "application/rss+xml"}, "https://ex.example/feed")
    assert parsed.error is None
    assert [e.title for e in parsed.entries] == ["Первая \ufffd\ufffd & новость", "No date"]


def test_a_half_surrogate_escape_in_a_json_feed_is_replaced_before_sanitising() -> None:
    body = JSON_FEED.replace(b"<b>bold</b>", b"<b>bo\\ud800ld</b>")
    (entry,) = parse_feed(body, {"content-type": "application/feed+json"}, "https://ex.example/feed.json").entries
    assert entry.text == "bo\ufffdld"

def test_missing_and_future_dates_fall_back_to_fetch_time() -> None:
    fetched = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    entry = Entry(url=None, guid="g", title="t")
    assert published_at(entry, fetched) == fetched
    entry.published = fetched + timedelta(days=2)
    assert published_at(entry, fetched) == fetched
    entry.published = fetched + timedelta(minutes=5)
    assert published_at(entry, fetched) == entry.published, "small clock skew is kept"


def test_truncated_feed_keeps_complete_entries_and_drops_the_cut_one() -> None:
    body = (b'<rss version="2.0"><channel><title>T</title><item><title>Whole</title><link>https://ex.example/1</link>'
            b'</item><item><title>Cut</title><link>https://ex.example/2</link><description>Half of the')
    parsed = parse_feed(body, {"content-type": "application/rss+xml"}, "https://ex.example/feed")
    assert [e.title for e in parsed.entries] == ["Whole"] and parsed.warning


def _with_subset(subset: str, title: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE rss [{subset}]><rss version="2.0"><channel><title>t</title>'
            f'<item><title>{title}</title><link>http://example.org/a</link></item></channel></rss>').encode()


def test_nested_entity_declarations_are_dropped_before_parsing() -> None:
    laughs = "".join(f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10))
    doc = _with_subset('<!ENTITY lol0 "lol">' + laughs, "Summit &lol9;")
    assert b"lol9" not in defuse_entities(doc).split(b"<rss")[0]
    (entry,) = parse_feed(doc, {"content-type": "application/rss+xml"}, "http://example.org/feed").entries
    assert entry.title.startswith("Summit") and "lollol" not in entry.title


def test_literal_entity_declarations_still_resolve() -> None:
    doc = _with_subset('<!ENTITY org "ОДКБ"><!ENTITY dash "&#8212;">', "&org; &dash; саммит")
    (entry,) = parse_feed(doc, {"content-type": "application/rss+xml"}, "http://example.org/feed").entries
    assert entry.title == "ОДКБ — саммит"


@pytest.mark.parametrize("date", ["Mon, 01 Jan 0999 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
                                  "Sun, 31 Dec 1989 23:59:59 GMT"])
def test_implausibly_old_dates_are_clamped_and_the_feed_value_kept(date: str) -> None:
    body = (f"<rss><channel><item><title>t</title><link>https://ex.example/a</link><pubDate>{date}</pubDate>"
            "</item></channel></rss>").encode()
    (entry,) = parse_feed(body, {"content-type": "text/xml"}, "https://ex.example/feed").entries
    fetched = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    article = to_article(entry, FeedSpec(name="ex", url="https://ex.example/feed"), "https://ex.example/feed", fetched)
    assert article.published == fetched
    assert article.published_original is not None and article.published_original.year < 1990


def test_plausible_dates_are_kept_without_an_original() -> None:
    entry = Entry(url=None, guid="g", title="t", published=datetime(1991, 5, 1, tzinfo=timezone.utc))
    feed = FeedSpec(name="ex", url="https://ex.example/feed")
    article = to_article(entry, feed, feed.url, datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert article.published.year == 1991 and article.published_original is None


def test_the_earliest_plausible_year_is_configurable() -> None:
    entry = Entry(url=None, guid="g", title="t", published=datetime(1985, 5, 1, tzinfo=timezone.utc))
    fetched = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert published_at(entry, fetched) == fetched
    assert published_at(entry, fetched, earliest_year=1980) == entry.published
