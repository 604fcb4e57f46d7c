"""What the alert agents of one app share, in a module of its own so the agent modules that receive
it need not import the module that builds it."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from mediamon.settings import Settings
from processors.alerts.reader import SubscriptionReader
from processors.alerts.repo import SubscriptionState
from processors.counters import Counters
from processors.pipeline_topics import PipelineTopics


@dataclass
class AlertsContext:
    """The followed subscriptions, the topics and the counters of one app's alert agents."""

    app: faust.App
    settings: Settings
    topics: PipelineTopics
    counters: Counters
    state: SubscriptionState
    reader: SubscriptionReader
    spike_hits: faust.TopicT
