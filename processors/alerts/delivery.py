"""Send an alert to every channel of its subscription with bounded retries and exponential backoff.

A channel that still fails after the last retry (or fails permanently, e.g. HTTP 404) sends the
alert to `alerts.dlq`; every outcome is written to the subscription's status (with the last few before
it) so `alerts show` and the console tell.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timezone
from typing import Any

import aiohttp

from mediamon import metrics
from mediamon.netpolicy import SafeResolver
from mediamon.records import Alert, DeliveryOutcome, Subscription, SubscriptionStatus
from mediamon.settings import Settings
from processors.alerts.channels import DeliveryError, send
from processors.alerts.repo import status_key
from processors.counters import Counters
from processors.deadletter import send_dead_letter
from processors.pipeline_topics import PipelineTopics
from processors.subscriptions.validation import alerts_policy

log = logging.getLogger(__name__)
STAGE = "alerts.deliver"


def observe_delivered(alert: Alert) -> None:
    """Publication -> alert delivered, for real-time matches only: a digest's articles wait for its
    schedule by design and would drown the figure."""
    if alert.kind == "match" and not alert.test:
        now = datetime.now(timezone.utc)
        for article in alert.articles:
            metrics.observe_latency("alert_delivered", article.published, now)


class Deliverer:
    def __init__(self, settings: Settings, topics: PipelineTopics, counters: Counters) -> None:
        self.settings = settings
        self.topics = topics
        self.counters = counters
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=self.settings.alerts_http_timeout,
                                            sock_connect=self.settings.alerts_connect_timeout,
                                            sock_read=self.settings.alerts_read_timeout)
            # Names are resolved and checked in the connector, which then connects to the checked address.
            connector = aiohttp.TCPConnector(resolver=SafeResolver(alerts_policy(self.settings)))
            self._session = aiohttp.ClientSession(timeout=timeout, connector=connector)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def deliver(self, alert: Alert, sub: Subscription, state: dict[str, Any]) -> None:
        """Try every channel; count and record the outcome in `state` and the status record."""
        failed = ""
        for channel in sub.channels:
            error = await self._with_retries(channel, alert, sub)
            metrics.observe_delivery(channel.kind, error is None)
            if error is not None:
                failed = error
                await send_dead_letter(self.topics.alerts_dlq, STAGE, f"{channel.kind} delivery failed", error,
                                       alert.dumps(), key=sub.id)
                self.counters.count(STAGE, "dead_lettered")
        await self._record_outcome(alert, sub, state, failed)
        if not failed:
            self.counters.count(STAGE, "ok")
            observe_delivered(alert)

    async def _record_outcome(self, alert: Alert, sub: Subscription, state: dict[str, Any], failed: str) -> None:
        """Count the outcome and write the status with the last few outcomes: the table `state` keeps
        them (it is the one copy that is current: the status topic is read back asynchronously)."""
        counter = "failures" if failed else "delivered"
        state[counter] = state.get(counter, 0) + 1
        outcome = DeliveryOutcome(at=datetime.now(timezone.utc), ok=not failed, kind=alert.kind,
                                  articles=len(alert.articles), channel=failed.split(":", 1)[0] if failed else "",
                                  error=failed)
        recent = [json.loads(outcome.dumps()), *state.get("recent", [])][: max(1, self.settings.alerts_status_history)]
        state["recent"] = recent
        status = SubscriptionStatus(subscription_id=sub.id, ok=outcome.ok, at=outcome.at, error=failed,
                                    channel=outcome.channel, failures=state.get("failures", 0),
                                    delivered=state.get("delivered", 0),
                                    recent=[DeliveryOutcome.from_data(item) for item in recent])
        await self.topics.alerts_subscriptions.send(key=status_key(sub.id), value=status.dumps())

    async def _with_retries(self, channel: Any, alert: Alert, sub: Subscription) -> str | None:
        """None when delivered, else the last error (never containing a secret)."""
        attempts, attempt = max(1, self.settings.alerts_retry_attempts), 0
        while True:
            attempt += 1
            try:
                await send(channel, alert, sub, self.session(), self.settings)
                return None
            except DeliveryError as exc:
                if exc.permanent or attempt >= attempts:
                    log.warning("alert %s for subscription %s: %s (attempt %d, giving up)", alert.id, sub.id, exc,
                                attempt)
                    return str(exc)
            except Exception as exc:  # noqa: BLE001 - one bad alert must never stop the delivery agent
                log.exception("alert %s for subscription %s: unexpected %s error", alert.id, sub.id, channel.kind)
                return f"{channel.kind}: could not be sent ({type(exc).__name__})"
            self.counters.count(STAGE, "retried")
            await asyncio.sleep(self.settings.alerts_retry_base_seconds * 2 ** (attempt - 1))
