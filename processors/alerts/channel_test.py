"""A test message to every channel of a subscription, now: `mediamon alerts test` and the API's
`POST /alerts/subscriptions/{id}/test` both answer with what this returns."""

from __future__ import annotations

from datetime import datetime, timezone

import aiohttp

from mediamon.records import Subscription
from mediamon.settings import Settings
from processors.subscriptions.build import message_alert
from processors.alerts.channels import DeliveryError, send
from processors.subscriptions.validation import describe_channel


async def test_channels(settings: Settings, sub: Subscription) -> list[tuple[str, str | None]]:
    """(channel description, None when delivered or the failure) for each channel, in order."""
    alert = message_alert(sub.id, "match", f"Test message for subscription {sub.name!r}",
                          datetime.now(timezone.utc).isoformat())
    alert.test = True
    outcomes: list[tuple[str, str | None]] = []
    timeout = aiohttp.ClientTimeout(total=settings.alerts_http_timeout)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for channel in sub.channels:
            try:
                await send(channel, alert, sub, session, settings)
                outcomes.append((describe_channel(channel), None))
            except DeliveryError as exc:
                outcomes.append((describe_channel(channel), str(exc)))
    return outcomes
