"""Record schemas shared by every stage, defined once (faust Records, JSON, ISO dates).

Import from here: `from mediamon.records import RawArticle, EnrichedArticle, ...`.
"""

from mediamon.records.articles import (
    SCHEMA_VERSION,
    DeadLetter,
    EnrichedArticle,
    Mention,
    RawArticle,
    TopicScore,
    decode_raw_article,
)

__all__ = [
    "SCHEMA_VERSION",
    "DeadLetter",
    "EnrichedArticle",
    "Mention",
    "RawArticle",
    "TopicScore",
    "decode_raw_article",
]
