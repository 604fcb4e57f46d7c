"""Alert records built from what matched: one per (subscription, article version), with a stable id
receivers can use to drop a duplicate delivery (e.g. a worker crashing after sending, before commit)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from mediamon.records import Alert, AlertArticle, EnrichedArticle, Mention, Subscription
from processors.subscriptions import render
from processors.subscriptions.story import fingerprint


def alert_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:24]


def alert_article(article: EnrichedArticle, mentions: list[Mention]) -> AlertArticle:
    return AlertArticle(id=article.id, url=article.url, title=article.title, source=article.source,
                        lang=article.lang, published=article.published, entities=list(article.entities),
                        mentions=render.snippets(article, mentions), story=fingerprint(article.title),
                        story_id=article.story_id, story_origin_source=article.story_origin_source,
                        story_lag_seconds=article.story_lag_seconds, version=article.version)


def match_alert(sub: Subscription, article: EnrichedArticle, mentions: list[Mention], update: bool) -> Alert:
    return Alert(id=alert_id(sub.id, article.id, article.version, "match"), subscription_id=sub.id, kind="match",
                 created=datetime.now(timezone.utc), articles=[alert_article(article, mentions)], update=update,
                 message=reprint_message(article) if sub.mode == "reprint" else "")


def reprint_message(article: EnrichedArticle) -> str:
    hours = article.story_lag_seconds / 3600
    credit = "credits" if article.story_credits_origin else "does not credit"
    return (f"{article.source} reprinted a story of {article.story_origin_outlet} ({article.story_origin_source}) "
            f"in {article.lang}, {hours:.1f} h after the original; it {credit} {article.story_origin_outlet}.")


def message_alert(sub_id: str, kind: str, message: str, *id_parts: object) -> Alert:
    return Alert(id=alert_id(sub_id, kind, *id_parts), subscription_id=sub_id, kind=kind,
                 created=datetime.now(timezone.utc), message=message)


def batch_alert(sub_id: str, kind: str, items: list[dict], message: str) -> Alert:
    """A digest or rate-limit summary of several articles (items are AlertArticle JSON dicts)."""
    articles = [AlertArticle.from_data(item) for item in items]
    return Alert(id=alert_id(sub_id, kind, *(a.id for a in articles)), subscription_id=sub_id, kind=kind,
                 created=datetime.now(timezone.utc), articles=articles, message=message)


def tick(sub_id: str) -> bytes:
    return Alert(id="tick", subscription_id=sub_id, kind="tick", created=datetime.now(timezone.utc)).dumps()


def as_item(article: AlertArticle) -> dict:
    """JSON-plain form kept in tables (the changelog stores JSON; dates as ISO strings)."""
    return json.loads(article.dumps())
