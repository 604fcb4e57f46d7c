"""Stories in the stream: the enrich stage gives every article its story as it enriches it.

The state is a window of fingerprints (cluster.py) that every enrich worker rebuilds from
`articles.enriched` when it starts and keeps following afterwards (follow.py), so:
- a replayed or re-delivered article (same id) gets back the story it was given the first time,
  by whichever worker enriched it: replaying a topic gives the same story ids;
- several enrich workers share what each assigned, a second or so after it was assigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mediamon.records import EnrichedArticle
from mediamon.settings import Settings
from processors.stories.cluster import Assignment, StoryClusterer
from processors.stories.outlets import OutletDomains, load_outlets


@dataclass(frozen=True)
class _Seen:
    """What the window keeps about each article, beyond its fingerprint and assignment."""

    lang: str
    source: str
    outlet: str | None  # outlets.yaml id of its site, when listed
    origin_source: str
    origin_outlet: str | None


class StoryTracker:
    def __init__(self, horizon: timedelta, threshold: float, domains: OutletDomains) -> None:
        self.clusterer = StoryClusterer(horizon=horizon, threshold=threshold)
        self.domains = domains

    def assign(self, article: EnrichedArticle) -> EnrichedArticle:
        """The article with its story fields (an article seen before keeps its story)."""
        known = self.clusterer.member(article.id)
        if known is None:
            outlet = self.domains.outlet_of(article.url)
            assignment = self.clusterer.add(article.id, article.published, article.title, article.text)
            me = self.clusterer.member(article.id)
            assert me is not None
            me.info = _Seen(article.lang, article.source, outlet, *self._origin(assignment, article.source, outlet))
            known = me
        seen: _Seen = known.info
        assignment = known.assignment
        members = self.clusterer.members(assignment.story_id)
        is_origin = assignment.story_origin_id == article.id
        return article.derive(
            story_id=assignment.story_id, story_origin_id=assignment.story_origin_id,
            story_origin_source=seen.origin_source, story_origin_outlet=seen.origin_outlet,
            story_lag_seconds=assignment.lag_seconds,
            story_credits_origin=not is_origin and seen.origin_outlet is not None
            and seen.origin_outlet in article.cited,
            story_size=len(members), story_languages=sorted({m.info.lang for m in members if m.info}))

    def _origin(self, assignment: Assignment, source: str, outlet: str | None) -> tuple[str, str | None]:
        """Source and outlet of the story's origin (this article's own when it is the origin)."""
        if assignment.story_origin_id == assignment.article_id:
            return source, outlet
        origin = self.clusterer.member(assignment.story_origin_id)
        if origin is not None and origin.info is not None:
            return origin.info.source, origin.info.outlet
        # An origin that has left the window lives on in what its story's members recorded.
        for member in self.clusterer.members(assignment.story_id):
            if member.info is not None and member.info.origin_source:
                return member.info.origin_source, member.info.origin_outlet
        return "", None

    def restore(self, record: dict[str, Any]) -> None:
        """Put back an article from `articles.enriched` with the story it was given there."""
        story_id = record.get("story_id")
        if not isinstance(story_id, str) or not story_id:
            return  # enriched before stories existed
        try:
            published = datetime.fromisoformat(record["published"])
            assignment = Assignment(record["id"], story_id, str(record.get("story_origin_id") or story_id),
                                    float(record.get("story_lag_seconds") or 0.0), 1.0)
            info = _Seen(str(record.get("lang") or "und"), str(record.get("source") or ""),
                         self.domains.outlet_of(str(record.get("url") or "")),
                         str(record.get("story_origin_source") or ""), record.get("story_origin_outlet"))
            self.clusterer.restore(published, str(record.get("title") or ""), str(record.get("text") or ""),
                                   assignment, info)
        except (KeyError, TypeError, ValueError):
            return  # the indexer dead-letters such a record; it has no story to keep


def tracker_for(settings: Settings) -> StoryTracker:
    return StoryTracker(timedelta(days=settings.stories_horizon_days), settings.stories_threshold,
                        OutletDomains(load_outlets()))
