"""IPTC Media Topics classification (top level + watched subtopics)."""

from __future__ import annotations

from typing import NamedTuple

from mediamon.records import TopicScore


class TopicResult(NamedTuple):
    topics: list[TopicScore]
    subtopics: list[TopicScore]


def classify_topics(title: str, text: str, lang: str) -> TopicResult:
    """1-3 top-level topics best first, plus subtopics (placeholder until issue 5)."""
    return TopicResult([], [])
