"""Faust agent of this stage (placeholder until its issue lands)."""

from __future__ import annotations

import faust

from mediamon.settings import Settings
from processors.counters import Counters
from processors.streams import PipelineTopics


def register(app: faust.App, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
    """Declares this stage's agents on `app`."""
