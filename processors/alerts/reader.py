"""Every worker folds the whole compacted `alerts.subscriptions` topic into memory and follows it.

Why not a Faust GlobalTable: one whose changelog is our compacted topic stalls the group join on
any broker (faust 0.15's assignor looks global tables up by the default changelog name
`<app>-<table>-changelog`, ignoring `changelog_topic`: a KeyError on the leader), and a GlobalTable
fed by an agent keeps a second copy and is known not to stay in sync across several workers
(faust-streaming issue #283). Reading the compacted topic from the beginning with an unassigned
consumer is plain Kafka, and a restarted worker is complete before it matches its first article.
Per-partition state (dedup, delivery, spikes, feeds) does use Faust tables: their changelog
recovery was verified on the local server and by the restart test.
"""

from __future__ import annotations

import logging

from mediamon.settings import Settings
from mediamon.topology import ALERTS_SUBSCRIPTIONS
from processors.alerts.repo import SubscriptionState
from processors.follow import TopicFollower

log = logging.getLogger(__name__)


class SubscriptionReader(TopicFollower):
    def __init__(self, settings: Settings, state: SubscriptionState) -> None:
        super().__init__(settings, settings.topic(ALERTS_SUBSCRIPTIONS), state.apply, "alerts")
        self.state = state

    def caught_up(self, read: int) -> None:
        log.info("alerts: %d subscriptions loaded from %s", len(self.state.index), self.topic)
