"""Every enrich worker reads `articles.enriched` from the beginning and keeps following it, putting
each article back into its story window with the story it was given (stream.py).

Why the output topic and not a Faust table: the window must see every partition (a story's
articles arrive on any of them), which a partitioned table cannot give and a GlobalTable fed by
several workers does not keep in sync (see processors/alerts/reader.py); the enriched records
already carry each article's story, and the topic's retention (a week) covers the default horizon.
The worker enriches nothing before it has caught up, so a restarted worker never starts a second
story for one it had already assigned.
"""

from __future__ import annotations

import json

from mediamon.settings import Settings
from mediamon.topology import ARTICLES_ENRICHED
from processors.follow import TopicFollower
from processors.stories.stream import StoryTracker


class StoryFollower(TopicFollower):
    def __init__(self, settings: Settings, tracker: StoryTracker) -> None:
        super().__init__(settings, settings.topic(ARTICLES_ENRICHED), self._restore, "stories")
        self.tracker = tracker

    def _restore(self, _key: bytes | None, value: bytes | None) -> None:
        try:
            record = json.loads(value or b"")
        except ValueError:
            return
        if isinstance(record, dict):
            self.tracker.restore(record)
