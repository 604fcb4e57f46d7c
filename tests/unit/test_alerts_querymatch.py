"""Alert queries are evaluated in process with the search syntax; what an analyst would expect to fire."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mediamon.query import QuerySyntaxError
from mediamon.records import EnrichedArticle, Mention, TopicScore
from processors.subscriptions.querymatch import ArticleView, compile_query

ARTICLE = EnrichedArticle(
    id="a1", url="https://tass.example/1", feed_url="https://tass.example/rss", source="tass", country="RU",
    title="Саммит ОДКБ в Минске", text="Лидеры обсудили специальную военную операцию и учения в Таджикистане.",
    published=datetime(2024, 5, 1, 12, tzinfo=timezone.utc), fetched=datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
    lang="ru", entities=["CSTO"], topics=[TopicScore(id="politics", label="Politics", score=0.9)],
    mentions=[Mention(entity="CSTO", surface="ОДКБ", start=7, end=11, field="title", confidence=0.9,
                      framing="neutral")])


@pytest.mark.parametrize("query, expected", [
    ("саммит", True),
    ("операции", True),                          # inflected form found through the Russian stemmer
    ('"военная операция"', True),                # phrase, both words inflected differently
    ('"операция военная"', False),               # order matters in a phrase
    ('"специальную операцию"~1', True),          # proximity: one word between
    ("entity:CSTO AND lang:ru", True),
    ("entity:csto", True),                       # keywords are case-insensitive
    ("entity:SMO", False),
    ("entity:CSTO AND NOT source:tass", False),
    ("entity:CSTO -lang:en", True),
    ("title:минск*", True),
    ("text:минск*", False),
    ("учения OR маневры", True),
    ("маневры", False),
    ("topic:politics AND country:RU AND framing:neutral", True),
    ("published:[2024-04-30 TO 2024-05-02]", True),
    ("published:[2024-05-02 TO *]", False),
    ("(саммит AND учения) OR entity:SMO", True),
])
def test_query_matches_like_search(query: str, expected: bool) -> None:
    assert compile_query(query)(ArticleView(ARTICLE)) is expected


@pytest.mark.parametrize("query", ["nosuchfield:x", "entity:(title:x)", "published:today", "a AND ("])
def test_queries_alerts_cannot_run_are_refused_up_front(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        compile_query(query)
