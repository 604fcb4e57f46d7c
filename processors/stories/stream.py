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
from processors.stories.cluster import StoryClusterer
from processors.stories.outlets import OutletDomains, load_outlets


@dataclass(frozen=True)
class _Seen:
    """What the window keeps about each article, beyond its fingerprint."""

    lang: str
    origin_source: str
    origin_outlet: str | None


class StoryTracker:
    def __init__(self, horizon: timedelta, threshold: float, domains: OutletDomains) -> None:
        self.clusterer = StoryClusterer(horizon=horizon, threshold=threshold)
        self.domains = domains

    def assign(self, article: EnrichedArticle) -> EnrichedArticle:
        """The article with its story fields (an article seen before keeps its story)."""
        assignment = self.clusterer.add(article.id, article.published, article.title, article.text,
                                        info=None)
        members = self.clusterer.members(assignment.story_id)
        me = next(m for m in members if m.article_id == article.id)
        if me.info is None:
            # The story's first member carries the origin for all later ones, even once the origin
            # itself has left the window.
            first = members[0].info if members[0] is not me else None
            me.info = _Seen(article.lang, first.origin_source if first else article.source,
                            first.origin_outlet if first else self.domains.outlet_of(article.url))
        origin: _Seen = me.info
        is_origin = assignment.story_id == article.id
        return article.derive(
            story_id=assignment.story_id, story_origin_id=assignment.story_origin_id,
            story_origin_source=origin.origin_source, story_origin_outlet=origin.origin_outlet,
            story_lag_seconds=assignment.lag_seconds,
            story_credits_origin=not is_origin and origin.origin_outlet is not None
            and origin.origin_outlet in article.cited,
            story_size=len(members), story_languages=sorted({m.info.lang for m in members if m.info}))

    def restore(self, record: dict[str, Any]) -> None:
        """Put back an article from `articles.enriched` with the story it was given there."""
        story_id = record.get("story_id")
        if not isinstance(story_id, str) or not story_id:
            return  # enriched before stories existed
        try:
            published = datetime.fromisoformat(record["published"])
            lag = timedelta(seconds=float(record.get("story_lag_seconds") or 0.0))
            info = _Seen(str(record.get("lang") or "und"), str(record.get("story_origin_source") or ""),
                         record.get("story_origin_outlet"))
            self.clusterer.restore(record["id"], published, str(record.get("title") or ""),
                                   str(record.get("text") or ""), story_id, published - lag, info)
        except (KeyError, TypeError, ValueError):
            return  # the indexer dead-letters such a record; it has no story to keep


def tracker_for(settings: Settings) -> StoryTracker:
    return StoryTracker(timedelta(days=settings.stories_horizon_days), settings.stories_threshold,
                        OutletDomains(load_outlets()))
