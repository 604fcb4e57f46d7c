"""Subscriptions indexed by their most selective filter, so an article is checked only against the
subscriptions that could match it (10,000 subscriptions, a handful of candidates per article)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mediamon.records import EnrichedArticle, Mention, Subscription
from processors.alerts.querymatch import ArticleView, Predicate, compile_query

# Most selective first: a subscription is filed under one dimension only.
DIMENSIONS = ("entities", "topics", "sources", "countries", "languages")
ANY = ("any", "")


@dataclass
class Compiled:
    """A subscription with its query compiled and its filter lists as sets."""

    sub: Subscription
    query: Predicate | None
    sets: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, sub: Subscription) -> "Compiled":
        sets = {name: frozenset(getattr(sub, name)) for name in (*DIMENSIONS, "framings") if getattr(sub, name)}
        return cls(sub, compile_query(sub.query) if sub.query else None, sets)


def article_values(article: EnrichedArticle) -> dict[str, set[str]]:
    return {"entities": set(article.entities), "topics": {x.id for x in article.topics},
            "sources": {article.source}, "countries": {article.country or ""}, "languages": {article.lang},
            "framings": {m.framing for m in article.mentions if m.framing}}


def matched_mentions(compiled: Compiled, article: EnrichedArticle) -> list[Mention]:
    """Mentions the subscription cares about (all of them when it has no entity filter)."""
    wanted = compiled.sets.get("entities")
    return [m for m in article.mentions if wanted is None or m.entity in wanted]


class SubscriptionIndex:
    """Active subscriptions by id, plus an inverted index over the realtime/digest/spike ones."""

    def __init__(self) -> None:
        self.by_id: dict[str, Compiled] = {}
        self._buckets: dict[tuple[str, str], dict[str, Compiled]] = defaultdict(dict)
        self._filed: dict[str, list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, sub_id: str) -> Subscription | None:
        found = self.by_id.get(sub_id)
        return found.sub if found else None

    def put(self, sub: Subscription) -> None:
        self.remove(sub.id)
        compiled = Compiled.of(sub)
        self.by_id[sub.id] = compiled
        if sub.mode == "silence":
            return
        dimension = next((d for d in DIMENSIONS if compiled.sets.get(d)), None)
        keys = [(dimension, v) for v in compiled.sets[dimension]] if dimension else [ANY]
        for key in keys:
            self._buckets[key][sub.id] = compiled
        self._filed[sub.id] = keys

    def remove(self, sub_id: str) -> None:
        self.by_id.pop(sub_id, None)
        for key in self._filed.pop(sub_id, []):
            self._buckets[key].pop(sub_id, None)

    def match(self, article: EnrichedArticle) -> list[tuple[Subscription, list[Mention]]]:
        """Active subscriptions whose every filter accepts the article, with their matched mentions."""
        values = article_values(article)
        candidates: dict[str, Compiled] = dict(self._buckets.get(ANY, {}))
        for dimension in DIMENSIONS:
            for value in values[dimension]:
                candidates.update(self._buckets.get((dimension, value), {}))
        view: ArticleView | None = None
        found = []
        for compiled in candidates.values():
            if compiled.sub.paused:
                continue
            if any(not (wanted & values[name]) for name, wanted in compiled.sets.items()):
                continue
            if compiled.query is not None:
                view = view or ArticleView(article)
                if not compiled.query(view):
                    continue
            found.append((compiled.sub, matched_mentions(compiled, article)))
        return found

    def for_source(self, source: str) -> list[Subscription]:
        """Who hears that a feed went silent: silence-mode subscriptions (all sources or this one)
        and subscriptions filtering on this source."""
        subs = []
        for compiled in self.by_id.values():
            sub = compiled.sub
            if sub.paused:
                continue
            sources = compiled.sets.get("sources")
            if (sub.mode == "silence" and (not sources or source in sources)) or (sources and source in sources):
                subs.append(sub)
        return subs
