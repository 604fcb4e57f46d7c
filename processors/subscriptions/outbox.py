"""What to send now for one subscription, given its delivery state: rate limit, digest, syndication.

Pure: the delivery agent keeps `state` in a Faust table (one JSON dict per subscription) and calls
`plan` for every alert and tick; the returned alerts are sent, the state is written back.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from mediamon.records import Alert, Subscription
from processors.subscriptions import ratelimit
from processors.subscriptions.build import as_item, batch_alert
from processors.subscriptions.digest import period_index
from processors.subscriptions.story import fold_copies

MAX_HELD = 500  # beyond this a digest or summary keeps counting but stops listing


def plan(alert: Alert, sub: Subscription, state: dict[str, Any], now: float, story_window: int,
         story_horizon: float = 7 * 86400) -> list[Alert]:
    """Alerts to send now; changes `state` in place. `story_window`: how long syndicated copies
    (same headline) fold into the first; `story_horizon`: the same for a per-story subscription,
    whose copies are a story's articles in any language."""
    moment = datetime.fromtimestamp(now, timezone.utc)
    if alert.kind == "tick":
        return _due(sub, state, now, moment)
    if alert.kind == "match" and sub.mode == "digest":
        # The period of the match, not of its delivery: a busy worker must not push it into the next one.
        _hold(state, "digest", alert, now, period=period_index(sub, alert.created))
        return []
    if alert.kind == "match" and _copy_of_recent_story(alert, state, now, story_horizon if sub.per_story
                                                        else story_window, sub.per_story):
        return []
    if not alert.test and not ratelimit.take(state, now, sub.max_per_minute):
        _hold(state, "held", alert, now, minute=ratelimit.minute_of(now))
        state.setdefault("held_minute", ratelimit.minute_of(now))
        return []
    return [alert]


def is_due(sub: Subscription, state: dict[str, Any], now: float) -> bool:
    """A digest period or a rate-limit minute with held matches has ended."""
    if ratelimit.summary_due(state, now):
        return True
    digest = state.get("digest")
    return bool(digest) and digest[0]["period"] < period_index(sub, datetime.fromtimestamp(now, timezone.utc))


def _copy_of_recent_story(alert: Alert, state: dict[str, Any], now: float, window: float, per_story: bool) -> bool:
    """Remember the story; a copy from another outlet within the window is folded, not re-sent."""
    stories = {k: v for k, v in state.get("stories", {}).items() if now - v["at"] < window}
    state["stories"] = stories
    article = alert.articles[0]
    key = article.story_id if per_story and article.story_id else article.story
    seen = stories.get(key)
    if seen is None or alert.update:
        stories[key] = {"at": now, "source": article.source, "also_in": []}
        return False
    if article.source != seen["source"] and article.source not in seen["also_in"]:
        seen["also_in"].append(article.source)
    state["grouped"] = state.get("grouped", 0) + 1
    return True


def _hold(state: dict[str, Any], where: str, alert: Alert, now: float, **extra: int) -> None:
    items = state.setdefault(where, [])
    state[f"{where}_count"] = state.get(f"{where}_count", 0) + len(alert.articles)
    for article in alert.articles:
        if len(items) < MAX_HELD:
            items.append({**as_item(article), **extra})


def _due(sub: Subscription, state: dict[str, Any], now: float, moment: datetime) -> list[Alert]:
    out = []
    if sub.mode == "digest" and state.get("digest"):
        current = period_index(sub, moment)
        due = [i for i in state["digest"] if i["period"] < current]
        if due:
            state["digest"] = [i for i in state["digest"] if i["period"] >= current]
            total = state.pop("digest_count", len(due))
            state["digest_count"] = len(state["digest"])
            out.append(batch_alert(sub.id, "digest", fold_copies(due), _count_message(total, len(due), "digest")))
    if ratelimit.summary_due(state, now):
        held, total = state.pop("held"), state.pop("held_count", 0)
        state.pop("held_minute", None)
        message = (f"{total} more matches arrived above the limit of {sub.max_per_minute} messages a minute. "
                   + _count_message(total, len(held), "summary"))
        ratelimit.take(state, now, sub.max_per_minute + 1)
        out.append(batch_alert(sub.id, "summary", fold_copies(held), message))
    return out


def _count_message(total: int, listed: int, what: str) -> str:
    if total > listed:
        return f"This {what} lists the first {listed} of {total} matches."
    return f"{total} matches."
