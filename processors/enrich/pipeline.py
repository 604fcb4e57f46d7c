"""Language, topics and mentions of one article. Pure: no Kafka, no Elasticsearch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from mediamon.records import CitedSource, EnrichedArticle, Mention, RawArticle, TopicScore
from processors.iptc import classify_topics
from processors.iptc.classify import default_classifier
from processors.language import detect_language
from processors.mentions import default_matcher, detect_mentions
from processors.stories import default_extractor, extract_citations


@dataclass
class Enrichment:
    lang: str
    lang_confidence: float
    topics: list[TopicScore] = field(default_factory=list)
    subtopics: list[TopicScore] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    cited_sources: list[CitedSource] = field(default_factory=list)

    @property
    def entities(self) -> list[str]:
        """Distinct entity ids in first-seen order, for filters and Kibana."""
        return list(dict.fromkeys(m.entity for m in self.mentions))

    @property
    def cited(self) -> list[str]:
        """Distinct cited outlet ids in first-seen order, for facets and `cited:` searches."""
        return list(dict.fromkeys(c.outlet for c in self.cited_sources))


def warm_up() -> None:
    """Load every gazetteer and rule file and build the automata now.

    Called when a worker starts: a broken data file then stops it with file and line (instead of
    dead-lettering every article), and the first articles do not pay the ~1 s build.
    """
    default_matcher()
    default_extractor()
    default_classifier().warm()
    detect_language("", "ОДКБ")


def enrich(title: str, text: str, lang_hint: str | None = None, published: datetime | str | None = None) -> Enrichment:
    guess = detect_language(title, text, lang_hint)
    topics = classify_topics(title, text, guess.lang)
    mentions = detect_mentions(title, text, guess.lang, published)
    return Enrichment(lang=guess.lang, lang_confidence=guess.confidence, topics=topics.topics,
                      subtopics=topics.subtopics, mentions=mentions,
                      cited_sources=extract_citations(title, text))


def enrich_article(article: RawArticle) -> EnrichedArticle:
    result = enrich(article.title, article.text, article.lang_hint, article.published)
    return EnrichedArticle(**article.asdict(), lang=result.lang, lang_confidence=result.lang_confidence,
                           topics=result.topics, subtopics=result.subtopics, mentions=result.mentions,
                           entities=result.entities, enriched=datetime.now(timezone.utc),
                           cited_sources=result.cited_sources, cited=result.cited)
