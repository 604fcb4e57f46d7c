"""The API's follower of `alerts.subscriptions`: one consumer that reads only what is new.

`repo.load` replays the whole compacted topic, which every alerts request used to do. Here the
state from `repo.SubscriptionState` is kept between requests and each request reads the records
appended since the last one (`TopicFollower`).
"""

from __future__ import annotations

from apps.api.follower import TopicFollower
from mediamon.errors import MediamonError
from mediamon.records import Subscription, SubscriptionStatus
from mediamon.settings import Settings
from mediamon.topology import ALERTS_SUBSCRIPTIONS
from processors.alerts import repo
from processors.subscriptions.sealing import sealer_for


class SubscriptionsView:
    """`current()`: every subscription and status up to the topic's end at the time of the call."""

    WithStatus = tuple[Subscription, SubscriptionStatus | None]

    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        self._sealer = sealer_for(settings)  # subscriptions' channel secrets are stored encrypted
        self._state = repo.SubscriptionState(self._sealer)
        self.topic = settings.topic(ALERTS_SUBSCRIPTIONS)
        self._follower = TopicFollower(settings, self.topic, self._reset, timeout)

    def _reset(self) -> None:
        self._state = repo.SubscriptionState(self._sealer)

    def current(self) -> dict[str, WithStatus]:
        """A snapshot by id, so requests in other threads may apply records meanwhile."""
        with self._follower.lock:
            try:
                self._follower.catch_up(lambda record: self._state.apply_record(record))
            except MediamonError as exc:
                raise MediamonError(f"the subscriptions store is unavailable: {exc}") from exc
            state = self._state
            return {sub_id: (found.sub, state.statuses.get(sub_id)) for sub_id, found in state.index.by_id.items()}

    def close(self) -> None:
        self._follower.close()
