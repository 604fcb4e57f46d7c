"""Alerts on stories: once per story across languages, and the reprint mode (a story of a chosen
outlet reprinted in a chosen language or country)."""

from __future__ import annotations

import json

import pytest

from mediamon.records import EnrichedArticle, Subscription
from processors.subscriptions import render
from processors.subscriptions.build import match_alert
from processors.subscriptions.filter_index import SubscriptionIndex
from processors.subscriptions.outbox import plan
from processors.subscriptions.validation import SubscriptionError, build_subscription, parse_channels
from tests.unit.alerts_samples import enriched

T0 = 1_714_564_800
DAY = 86400


def in_story(article_id: str, lang: str, title: str, source: str, story: str = "ru-1", origin: str = "ru-1",
             origin_outlet: str | None = "tass", country: str | None = None, credits: bool = False,
             lag: float = 0.0) -> EnrichedArticle:
    return enriched(["CSTO"], lang=lang, title=title, source=source, article_id=article_id).derive(
        story_id=story, story_origin_id=origin, story_origin_outlet=origin_outlet, story_origin_source="tass.ru",
        story_lag_seconds=lag, story_credits_origin=credits, country=country)


ORIGIN = in_story("ru-1", "ru", "Зась посетит Армению", "tass.ru")
ENGLISH = in_story("en-1", "en", "Zas to visit Armenia", "reprints.example", lag=3 * 3600)
BENGALI = in_story("bn-1", "bn", "জাস আর্মেনিয়া যাবেন", "bn.example", credits=True, lag=5.5 * 3600)
BENGALI_OF_RIA = in_story("bn-2", "bn", "অন্য খবর", "bn.example", story="ria-1", origin="ria-1", origin_outlet="ria")
KAZAKH_IN_KZ = in_story("kk-1", "kk", "Зась Арменияға барады", "kz.example", country="KZ")


def subscription(**options: object) -> Subscription:
    return build_subscription(name="watch", channels=parse_channels(["https://hooks.example/x"], None, (), (), ()),
                              **options)


@pytest.mark.parametrize(("options", "matching"), [
    ({"origin_outlets": ["tass"], "languages": ["bn"]}, {"bn-1"}),
    ({"origin_outlets": ["TASS"], "countries": ["kz"]}, {"kk-1"}),
    ({"origin_outlets": ["tass", "ria"], "languages": ["bn", "en"]}, {"bn-1", "bn-2", "en-1"}),
])
def test_reprint_mode_fires_for_reprints_of_the_outlets_stories_in_the_chosen_language_or_country(
        options: dict, matching: set[str]) -> None:
    index = SubscriptionIndex()
    index.put(subscription(mode="reprint", **options))
    fired = {a.id for a in (ORIGIN, ENGLISH, BENGALI, BENGALI_OF_RIA, KAZAKH_IN_KZ) if index.match(a)}
    assert fired == matching


def test_a_reprint_alert_says_whose_story_it_reprints_how_late_and_whether_it_credits_it() -> None:
    sub = subscription(mode="reprint", origin_outlets=["tass"], languages=["bn"])
    body = json.loads(render.webhook_body(match_alert(sub, BENGALI, BENGALI.mentions, update=False)))
    assert body["message"] == ("bn.example reprinted a story of tass (tass.ru) in bn, 5.5 h after the original; "
                               "it credits tass.")
    assert body["story_id"] == "ru-1"


@pytest.mark.parametrize(("options", "error"), [
    ({"mode": "reprint", "origin_outlets": ["tass"]}, "needs --origin-outlet and a --lang or --country"),
    ({"mode": "reprint", "languages": ["bn"]}, "needs --origin-outlet"),
    ({"mode": "reprint", "origin_outlets": ["nosuch"], "languages": ["bn"]}, "unknown outlet nosuch"),
])
def test_reprint_subscriptions_are_checked(options: dict, error: str) -> None:
    with pytest.raises(SubscriptionError, match=error):
        subscription(**options)


def deliveries(sub: Subscription, articles: list[EnrichedArticle], times: list[float]) -> tuple[list[str], dict]:
    state: dict = {}
    sent = []
    for article, now in zip(articles, times):
        sent += [a.articles[0].id for a in plan(match_alert(sub, article, article.mentions, update=False), sub,
                                                 state, now, story_window=6 * 3600, story_horizon=7 * DAY)]
    return sent, state


def test_once_per_story_folds_the_other_languages_into_the_first_alert() -> None:
    sub = subscription(entities=["CSTO"], per_story=True)
    sent, state = deliveries(sub, [ORIGIN, ENGLISH, BENGALI], [T0, T0 + 3 * 3600, T0 + 2 * DAY])
    assert sent == ["ru-1"]
    assert state["stories"]["ru-1"]["also_in"] == ["reprints.example", "bn.example"]


def test_per_article_subscriptions_still_alert_for_each_language_and_a_story_alerts_again_after_the_horizon() -> None:
    sent, _ = deliveries(subscription(entities=["CSTO"]), [ORIGIN, ENGLISH, BENGALI], [T0, T0 + 60, T0 + 120])
    assert sent == ["ru-1", "en-1", "bn-1"]
    sent, _ = deliveries(subscription(entities=["CSTO"], per_story=True), [ORIGIN, BENGALI], [T0, T0 + 8 * DAY])
    assert sent == ["ru-1", "bn-1"]
