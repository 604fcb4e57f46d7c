"""Online story clustering over a sliding window: each article joins the most similar earlier story
in the window or starts its own. Articles are taken in (published, id) order, so the same input
always gives the same stories, and replaying a stream gives what the first run gave.

Similarity is the rarity-weighted overlap of fingerprints (numbers and name skeletons): the weight of
a feature is log(N / df) over the articles currently in the window, so words every article shares
(in one language) count for little and the rare names and figures that a translation keeps decide.
Memory is bounded by the window: articles older than the horizon are evicted with their postings.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from processors.stories.fingerprints import fingerprint

DEFAULT_HORIZON = timedelta(days=7)
DEFAULT_THRESHOLD = 0.2
MIN_SHARED = 3  # features in common before a pair is scored at all: one name is not a story
# A feature carried by more window articles than this is too common to find candidates with (its
# weight is near zero anyway); skipping its postings bounds the work per article.
MAX_POSTINGS = 200


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    story_origin_id: str
    lag_seconds: float
    score: float


@dataclass(eq=False)
class _Member:
    """Compared by identity: eviction removes this very object from its postings."""

    article_id: str
    published: datetime
    features: frozenset[str]
    story_id: str
    origin_published: datetime


@dataclass
class StoryClusterer:
    horizon: timedelta = DEFAULT_HORIZON
    threshold: float = DEFAULT_THRESHOLD
    _window: deque[_Member] = field(default_factory=deque)
    _postings: dict[str, list[_Member]] = field(default_factory=dict)
    _df: Counter[str] = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self._window)

    def add(self, article_id: str, published: datetime, title: str, text: str) -> Assignment:
        """Assign one article (callers feed articles in published order)."""
        self._evict(published - self.horizon)
        features = fingerprint(title, text)
        best, best_score = self._best_match(features)
        if best is None:
            member = _Member(article_id, published, features, article_id, published)
        else:
            member = _Member(article_id, published, features, best.story_id, best.origin_published)
        self._remember(member)
        return Assignment(article_id=article_id, story_id=member.story_id, story_origin_id=member.story_id,
                          lag_seconds=(published - member.origin_published).total_seconds(), score=best_score)

    def _weight(self, feature: str) -> float:
        return math.log((len(self._window) + 1) / (self._df[feature] + 1)) + 0.1

    def _best_match(self, features: frozenset[str]) -> tuple[_Member | None, float]:
        shared: Counter[int] = Counter()
        by_key: dict[int, _Member] = {}
        weights = {f: self._weight(f) for f in features}
        gains: dict[int, float] = {}
        for feature in features:
            postings = self._postings.get(feature, ())
            if len(postings) > MAX_POSTINGS:
                continue
            for member in postings:
                key = id(member)
                by_key[key] = member
                shared[key] += 1
                gains[key] = gains.get(key, 0.0) + weights[feature]
        own = sum(weights.values())
        best, best_score = None, 0.0
        for key, count in shared.items():
            if count < MIN_SHARED:
                continue
            member = by_key[key]
            other = sum(self._weight(f) for f in member.features)
            score = gains[key] / min(own, other) if min(own, other) else 0.0
            if score > best_score or (score == best_score and best is not None
                                      and (member.published, member.article_id) < (best.published, best.article_id)):
                best, best_score = member, score
        return (best, best_score) if best_score >= self.threshold else (None, best_score)

    def _remember(self, member: _Member) -> None:
        self._window.append(member)
        for feature in member.features:
            self._postings.setdefault(feature, []).append(member)
            self._df[feature] += 1

    def _evict(self, oldest: datetime) -> None:
        while self._window and self._window[0].published < oldest:
            member = self._window.popleft()
            for feature in member.features:
                postings = self._postings[feature]
                postings.remove(member)
                self._df[feature] -= 1
                if not postings:
                    del self._postings[feature], self._df[feature]
