"""Subscriptions indexed by the exact combination of their filter values, so an article meets only
the subscriptions whose filters it satisfies (10,000 subscriptions, one dictionary lookup per
combination of filter fields in use); only boolean queries are then evaluated one by one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product, repeat

from mediamon.records import EnrichedArticle, Mention, Subscription
from processors.subscriptions.querymatch import ArticleView, Predicate, compile_query

DIMENSIONS = ("sources", "entities", "topics", "countries", "languages", "framings", "origin_outlets")
Signature = tuple[str, ...]  # the filter fields a subscription uses, in DIMENSIONS order


@dataclass
class Compiled:
    """A subscription with its query compiled and its filter lists as sets."""

    sub: Subscription
    query: Predicate | None
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    keys: int = 1  # how many index keys it is filed under (an article may hit several)

    @classmethod
    def of(cls, sub: Subscription) -> "Compiled":
        sets = {name: frozenset(getattr(sub, name)) for name in DIMENSIONS if getattr(sub, name)}
        return cls(sub, compile_query(sub.query) if sub.query else None, sets)


def article_values(article: EnrichedArticle) -> dict[str, set[str]]:
    return {"entities": set(article.entities), "topics": {x.id for x in article.topics},
            "sources": {article.source}, "countries": {article.country or ""}, "languages": {article.lang},
            "framings": {m.framing for m in article.mentions if m.framing},
            "origin_outlets": {article.story_origin_outlet or ""} if is_reprint(article) else {""}}


def is_reprint(article: EnrichedArticle) -> bool:
    """In a story and not its origin: a copy, rewrite or translation of an earlier article."""
    return bool(article.story_origin_id) and article.story_origin_id != article.id


class Bucket:
    """Subscriptions filed under one key. Plain ones (no query, one key) are grouped by entity
    set once, so a thousand matches of an article cost one list extension, not a thousand checks."""

    def __init__(self) -> None:
        self.subs: dict[str, Compiled] = {}
        self._plain: list[tuple[frozenset[str] | None, list[Subscription]]] | None = None
        self._special: list[Compiled] = []

    def changed(self) -> None:
        self._plain = None

    def split(self) -> tuple[list[tuple[frozenset[str] | None, list[Subscription]]], list[Compiled]]:
        if self._plain is None:
            groups: dict[frozenset[str] | None, list[Subscription]] = defaultdict(list)
            self._special = []
            for compiled in self.subs.values():
                if compiled.query is None and compiled.keys == 1:
                    groups[compiled.sets.get("entities")].append(compiled.sub)
                else:
                    self._special.append(compiled)
            self._plain = list(groups.items())
        return self._plain, self._special


class SubscriptionIndex:
    """Active subscriptions by id; article-matching ones also under (signature, values) keys."""

    def __init__(self) -> None:
        self.by_id: dict[str, Compiled] = {}
        self._buckets: dict[Signature, dict[tuple[str, ...], Bucket]] = defaultdict(dict)
        self._filed: dict[str, list[tuple[Signature, tuple[str, ...]]]] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, sub_id: str) -> Subscription | None:
        found = self.by_id.get(sub_id)
        return found.sub if found else None

    def put(self, sub: Subscription) -> None:
        self.remove(sub.id)
        compiled = Compiled.of(sub)
        self.by_id[sub.id] = compiled
        if sub.mode == "silence" or sub.paused:
            return
        signature = tuple(d for d in DIMENSIONS if compiled.sets.get(d))
        keys = list(product(*(sorted(compiled.sets[d]) for d in signature)))
        compiled.keys = len(keys)
        for key in keys:
            bucket = self._buckets[signature].setdefault(key, Bucket())
            bucket.subs[sub.id] = compiled
            bucket.changed()
        self._filed[sub.id] = [(signature, key) for key in keys]

    def remove(self, sub_id: str) -> None:
        self.by_id.pop(sub_id, None)
        for signature, key in self._filed.pop(sub_id, []):
            buckets = self._buckets[signature]
            buckets[key].subs.pop(sub_id, None)
            buckets[key].changed()
            if not buckets[key].subs:
                del buckets[key]

    def match(self, article: EnrichedArticle) -> list[tuple[Subscription, list[Mention]]]:
        """Active subscriptions whose every filter accepts the article, with their matched mentions."""
        values = article_values(article)
        view: ArticleView | None = None
        verdicts: dict[str, bool] = {}  # subscribers often share a query word for word
        mentions: dict[frozenset[str] | None, list[Mention]] = {}
        seen: set[str] = set()
        found: list[tuple[Subscription, list[Mention]]] = []

        def mentions_for(wanted: frozenset[str] | None) -> list[Mention]:
            if wanted not in mentions:
                mentions[wanted] = [m for m in article.mentions if wanted is None or m.entity in wanted]
            return mentions[wanted]

        for signature, buckets in self._buckets.items():
            for key in product(*(values[d] for d in signature)):
                bucket = buckets.get(key)
                if bucket is None:
                    continue
                plain, special = bucket.split()
                for wanted, subs in plain:
                    found.extend(zip(subs, repeat(mentions_for(wanted))))
                for compiled in special:
                    if compiled.keys > 1:
                        if compiled.sub.id in seen:
                            continue
                        seen.add(compiled.sub.id)
                    query = compiled.sub.query
                    if compiled.query is not None and query is not None:
                        if query not in verdicts:
                            view = view or ArticleView(article)
                            verdicts[query] = compiled.query(view)
                        if not verdicts[query]:
                            continue
                    found.append((compiled.sub, mentions_for(compiled.sets.get("entities"))))
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
