"""Fuzzing with hypothesis: feed bytes -> parsed entries -> article records, and `annotate` lines.

Whatever a feed or an annotate user sends, these paths must return (an error value is fine) and
what they return must be usable downstream: a poller record the worker accepts, mention offsets
that point at the mentioned text. Bounded by `max_examples` so CI spends well under a minute.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingest.entries import to_article
from ingest.feeds import FeedSpec
from ingest.parse import parse_feed
from mediamon.records import decode_raw_article
from processors.enrich.annotate import annotate_line

KAFKA_MAX_MESSAGE = 1_048_576
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEED = FeedSpec(name="Fuzz", url="https://example.org/feed")

# Pieces real feeds are made of, and pieces attackers add; mixed with arbitrary text.
_FRAGMENTS = st.sampled_from([
    "<b>bold</b>", "<script>alert(1)</script>", "&amp;", "&nbsp;", "&#0;", "&#x1F600;", "<![CDATA[x]]>",
    "\x00", "\ud7ff", "\ud800", "\udfff", "\u202e", "ОДКБ", "СВО", "Организация Договора о коллективной безопасности",
    "শাংহাই সহযোগিতা সংস্থা", "İstanbul", "straße", "<p onclick='x()'>p</p>", "]]>", "<!--", "&lol;"])
_TEXT = st.lists(st.one_of(st.text(max_size=40), _FRAGMENTS), max_size=8).map("".join)
_LINK = st.one_of(st.just("http://example.org/a"), st.just("javascript:alert(1)"), st.just("data:,x"),
                  st.text(max_size=30), st.builds("https://example.org/{}".format, st.text(max_size=20)))
_DATE = st.one_of(st.just("Mon, 25 Nov 2024 09:00:00 +0300"), st.just("2024-13-45T99:99:99Z"),
                  st.just("Tue, 31 Dec 9999 23:59:59 GMT"), st.text(max_size=25))
_CONTENT_TYPES = st.sampled_from(["application/rss+xml; charset=utf-8", "text/html", "application/xml; charset=koi8-r",
                                  "application/feed+json", "", "application/atom+xml; charset=bogus"])


@st.composite
def _rss(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        escaped = draw(st.booleans())
        title, body = draw(_TEXT), draw(_TEXT)
        items.append(f"<item><title>{escape(title) if escaped else title}</title><link>{escape(draw(_LINK))}</link>"
                     f"<pubDate>{escape(draw(_DATE))}</pubDate><description>{escape(body)}</description></item>")
    document = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{"".join(items)}'
    cut = draw(st.integers(0, 40))
    closing = "</channel></rss>"
    raw = (document + closing).encode("utf-8", "surrogatepass")
    return raw[:len(raw) - cut] if draw(st.booleans()) else raw


@st.composite
def _json_feed(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(st.dictionaries(st.sampled_from(["id", "url", "title", "content_html", "content_text",
                                                           "date_published"]),
                                          st.one_of(_TEXT, st.integers(), st.none(), st.lists(st.integers())),
                                          max_size=6), max_size=4))
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": items}).encode()


_DOCUMENTS = st.one_of(_rss(), _json_feed(), st.binary(max_size=300))


@FUZZ
@given(body=_DOCUMENTS, content_type=_CONTENT_TYPES)
def test_any_feed_body_gives_records_the_worker_accepts(body: bytes, content_type: str) -> None:
    parsed = parse_feed(body, {"content-type": content_type}, "https://example.org/feed")
    event(f"entries: {min(len(parsed.entries), 2)}")
    now = datetime.now(timezone.utc)
    for entry in parsed.entries:
        article = to_article(entry, FEED, FEED.url, now)
        payload = article.dumps()
        assert len(payload) < KAFKA_MAX_MESSAGE
        again = decode_raw_article(payload)
        assert again.id == article.id and again.title == article.title
        assert "\x00" not in article.title + article.text
        assert article.url == "" or article.url.startswith(("http://", "https://"))


# Mostly well-formed objects whose text is made of entity names and noise, so mentions are found.
_MENTION_TEXT = st.lists(st.one_of(_FRAGMENTS, st.sampled_from([" ", ", ", "ОДКБ провела учения", "SCO summit"]),
                                   st.text(max_size=8)), max_size=10).map("".join)
_ANNOTATE_OBJECTS = st.fixed_dictionaries(
    {"text": st.one_of(_MENTION_TEXT, _MENTION_TEXT, _TEXT, st.integers(), st.none())},
    optional={"id": st.one_of(st.text(max_size=5), st.integers()), "title": st.one_of(_TEXT, st.lists(st.text())),
              "lang": st.one_of(st.sampled_from(["ru", "en", "bn", "xx", ""]), st.integers())})
_LINES = st.one_of(_ANNOTATE_OBJECTS.map(json.dumps), _ANNOTATE_OBJECTS.map(json.dumps), st.text(max_size=60),
                   st.lists(st.integers(), max_size=3).map(json.dumps))


@FUZZ
@given(line=_LINES)
def test_annotate_never_crashes_and_offsets_point_at_the_mention(line: str) -> None:
    result = annotate_line(line, 7)
    assert json.dumps(result)
    if "error" in result:
        assert result["line"] == 7
        return
    item = json.loads(line)
    fields = {"text": item["text"], "title": item.get("title", "")}
    event(f"mentions: {bool(result['mentions'])}")
    for mention in result["mentions"]:
        assert fields[mention["field"]][mention["start"]:mention["end"]] == mention["surface"]
