"""Record schemas shared by every stage, defined once (faust Records, JSON, ISO dates).

Import from here: `from mediamon.records import RawArticle, EnrichedArticle, ...`.
"""

from mediamon.records.alerts import (
    Alert,
    AlertArticle,
    Channel,
    DeliveryOutcome,
    Subscription,
    SubscriptionStatus,
)
from mediamon.records.articles import (
    SCHEMA_VERSION,
    CitedSource,
    DeadLetter,
    EnrichedArticle,
    Mention,
    RawArticle,
    TopicScore,
    check_article_fields,
    decode_article,
    decode_raw_article,
)
from mediamon.records.feeds import FEED_ERROR, FEED_NOT_MODIFIED, FEED_OK, FeedHealth

__all__ = [
    "Alert",
    "CitedSource",
    "AlertArticle",
    "Channel",
    "DeliveryOutcome",
    "Subscription",
    "SubscriptionStatus",
    "FEED_ERROR",
    "FEED_NOT_MODIFIED",
    "FEED_OK",
    "FeedHealth",
    "SCHEMA_VERSION",
    "DeadLetter",
    "EnrichedArticle",
    "Mention",
    "RawArticle",
    "TopicScore",
    "check_article_fields",
    "decode_article",
    "decode_raw_article",
]
