"""Alert records: subscriptions (compacted topic `alerts.subscriptions`, key = id), their delivery
status (same topic, key = `<id>#status`), and the alerts a worker delivers (topic `alerts.out`,
key = subscription id, so one worker owns all the delivery state of one subscription)."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from mediamon.records.articles import _Json

MODES = ("realtime", "digest", "spike", "silence", "reprint")
STATUS_SUFFIX = "#status"


class Channel(_Json):
    """Where alerts go. `secret` is the webhook signing secret or the Telegram bot token."""

    kind: str
    target: str
    secret: Optional[str] = None


class Subscription(_Json):
    """What a subscriber wants to hear about, how (mode) and where (channels).

    Empty filter lists mean "any"; every non-empty list must match (AND across lists, OR within).
    """

    id: str
    name: str
    owner: str = ""
    entities: List[str] = []
    framings: List[str] = []
    languages: List[str] = []
    sources: List[str] = []
    countries: List[str] = []
    topics: List[str] = []
    # Reprint mode: outlet ids (outlets.yaml) whose stories count; an article matches when it
    # reprints one of their stories (it is in the story and is not its origin).
    origin_outlets: List[str] = []
    query: Optional[str] = None
    mode: str = "realtime"
    channels: List[Channel] = []
    paused: bool = False
    # An updated article (same id, new version) alerts again only when this is set.
    updates: bool = False
    # Once per story: later articles of a story already alerted (any language, within the stories
    # horizon) are folded into "also in" instead of alerting again.
    per_story: bool = False
    max_per_minute: int = 10
    digest_every: int = 86400
    digest_at: str = "08:00"
    digest_tz: str = "UTC"
    spike_factor: float = 3.0
    spike_min_count: int = 10
    spike_window: int = 3600
    created: Optional[datetime] = None


class DeliveryOutcome(_Json):
    """One delivered or failed message: what it was (alert kind, how many articles) and when."""

    at: datetime
    ok: bool
    kind: str
    articles: int = 0
    channel: str = ""
    error: str = ""


class SubscriptionStatus(_Json):
    """Outcome of the latest delivery attempt, so `alerts show` can tell a subscriber why nothing came;
    `recent` holds the last few outcomes, newest first, so an intermittent failure stays visible."""

    subscription_id: str
    ok: bool
    at: datetime
    channel: str = ""
    error: str = ""
    failures: int = 0
    delivered: int = 0
    recent: List[DeliveryOutcome] = []


class AlertArticle(_Json):
    """The part of an article a subscriber sees; `snippets` have the matched terms in «…»."""

    id: str
    url: str
    title: str
    source: str
    lang: str
    published: datetime
    entities: List[str] = []
    mentions: List[dict] = []
    story: str = ""  # normalised-headline fingerprint: syndicated copies in one language
    story_id: str = ""  # the cross-language story (processors/stories)
    story_origin_source: str = ""
    story_lag_seconds: float = 0.0
    also_in: List[str] = []
    version: str = ""


class Alert(_Json):
    """One message to deliver. kind: match | spike | silence | back | digest | summary | tick.

    `tick` is a control message: the timer asks the owner of a subscription's partition to send
    due digests and rate-limit summaries (tables may only be changed while handling an event).
    """

    id: str
    subscription_id: str
    kind: str
    created: datetime
    articles: List[AlertArticle] = []
    message: str = ""
    update: bool = False
    test: bool = False
