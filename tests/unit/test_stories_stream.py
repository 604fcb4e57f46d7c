"""Stories in the stream: each enriched article gets its story, origin, lag and credit; a replay or a
restarted worker gives the same story ids; the window forgets by publication time, not arrival."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from mediamon.records import EnrichedArticle, RawArticle
from processors.enrich.pipeline import enrich_article
from processors.stories.outlets import OutletDomains, load_outlets
from processors.stories.stream import StoryTracker
from tests.unit.stories_samples import BN, EN, OTHER, RU

T0 = datetime(2022, 9, 14, 10, tzinfo=timezone.utc)


def article(article_id: str, text: str, hours: float, site: str) -> EnrichedArticle:
    moment = T0 + timedelta(hours=hours)
    raw = RawArticle(id=article_id, url=f"https://{site}/{article_id}", feed_url=f"https://{site}/rss",
                     source=site, title="", text=text, published=moment, fetched=moment)
    return enrich_article(raw)


def tracker(horizon_days: float = 7) -> StoryTracker:
    return StoryTracker(timedelta(days=horizon_days), 0.2, OutletDomains(load_outlets()))


def test_reprints_in_other_languages_join_the_origin_with_lag_and_credit() -> None:
    stories = tracker()
    origin = stories.assign(article("ru-1", RU, 0, "tass.ru"))
    stories.assign(article("en-x", OTHER, 1, "dhakatribune.com"))
    english = stories.assign(article("en-1", EN, 3, "reprints.example"))
    bengali = stories.assign(article("bn-1", BN, 5, "www.bn-news.example"))
    assert origin.story_id == origin.story_origin_id == "ru-1"
    assert (origin.story_origin_outlet, origin.story_credits_origin, origin.story_lag_seconds) == ("tass", False, 0)
    for reprint, lag in ((english, 3 * 3600), (bengali, 5 * 3600)):
        assert (reprint.story_id, reprint.story_origin_id) == ("ru-1", "ru-1")
        assert (reprint.story_origin_source, reprint.story_origin_outlet) == ("tass.ru", "tass")
        assert reprint.story_lag_seconds == lag
        assert reprint.story_credits_origin is True
    assert (bengali.story_size, bengali.story_languages) == (3, ["bn", "en", "ru"])


def test_a_reprint_that_does_not_credit_the_origin_says_so() -> None:
    stories = tracker()
    stories.assign(article("ru-1", RU, 0, "tass.ru"))
    uncredited = stories.assign(article("en-1", EN.replace(" told TASS", " said"), 2, "copy.example"))
    assert uncredited.story_id == "ru-1"
    assert uncredited.story_credits_origin is False


def test_replaying_articles_gives_the_same_stories() -> None:
    stories = tracker()
    first = [stories.assign(article(i, text, h, site)) for i, text, h, site in
             (("ru-1", RU, 0, "tass.ru"), ("en-x", OTHER, 1, "d.example"), ("en-1", EN, 3, "r.example"))]
    again = [stories.assign(article(i, text, h, site)) for i, text, h, site in
             (("en-1", EN, 3, "r.example"), ("en-x", OTHER, 1, "d.example"), ("ru-1", RU, 0, "tass.ru"))]
    assert {a.id: a.story_id for a in first} == {a.id: a.story_id for a in again} == {
        "ru-1": "ru-1", "en-x": "en-x", "en-1": "ru-1"}


def test_a_restarted_worker_rebuilt_from_the_enriched_topic_continues_the_stories() -> None:
    stories = tracker()
    written = [stories.assign(article("ru-1", RU, 0, "tass.ru")), stories.assign(article("en-1", EN, 3, "r.example"))]
    restarted = tracker()
    for record in reversed(written):  # partitions interleave in any order
        restarted.restore(json.loads(record.dumps()))
    assert restarted.assign(article("en-1", EN, 3, "r.example")).story_id == "ru-1"
    bengali = restarted.assign(article("bn-1", BN, 5, "bn.example"))
    assert (bengali.story_id, bengali.story_origin_outlet, bengali.story_credits_origin) == ("ru-1", "tass", True)
    assert bengali.story_lag_seconds == 5 * 3600
    assert bengali.story_size == 3


def test_the_window_ends_a_horizon_before_the_latest_publication_even_for_late_arrivals() -> None:
    stories = tracker(horizon_days=1)
    stories.assign(article("ru-1", RU, 0, "tass.ru"))
    stories.assign(article("en-x", OTHER, 49, "d.example"))
    late = stories.assign(article("en-1", EN, 3, "r.example"))  # arrives after the window moved on
    assert late.story_id == "en-1"
    assert len(stories.clusterer) <= 2


def test_a_reprint_polled_before_the_original_keeps_its_story_id_and_the_original_becomes_the_origin() -> None:
    stories = tracker()
    early = stories.assign(article("en-1", EN, 3, "r.example"))
    original = stories.assign(article("ru-1", RU, 0, "tass.ru"))
    later = stories.assign(article("bn-1", BN, 5, "bn.example"))
    assert early.story_id == original.story_id == later.story_id == "en-1"
    assert (original.story_origin_id, original.story_lag_seconds) == ("ru-1", 0)
    assert (later.story_origin_id, later.story_origin_outlet, later.story_credits_origin) == ("ru-1", "tass", True)
    assert later.story_lag_seconds == 5 * 3600
    assert stories.assign(article("en-1", EN, 3, "r.example")).story_origin_id == "en-1"  # its first assignment
