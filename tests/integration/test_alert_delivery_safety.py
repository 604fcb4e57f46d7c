"""Deliveries reach only what the address policy allows, follow no redirect, give up on slow
receivers in bounded time, and carry hostile article text safely through every channel."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web

from mediamon.netpolicy import SafeResolver
from mediamon.records import Channel, Subscription
from mediamon.settings import Settings, free_port
from processors.alerts.build import match_alert
from processors.alerts.channels import DeliveryError, alerts_policy, send
from tests.integration.alerts_helpers import SmtpServer
from tests.unit.alerts_samples import enriched

HOSTILE_TITLE = "Саммит\r\nBcc: victim@example.com\x00 \u202eevil\u202c <script>alert(1)</script> & <b>" + "я" * 300_000


@asynccontextmanager
async def receiver(handler: Callable[[web.Request], object]) -> AsyncIterator[tuple[str, list[bytes]]]:
    """A real HTTP receiver on loopback; yields its URL and the bodies it received."""
    seen: list[bytes] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(await request.read())
        answer = handler(request)
        return await answer if inspect.isawaitable(answer) else answer

    app = web.Application(client_max_size=10 * 2**20)
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


async def _send(settings: Settings, channel: Channel, title: str = "Саммит ОДКБ") -> None:
    sub = Subscription(id="s1", name="CSTO\nwatch", channels=[channel])
    article = enriched(["CSTO"], title=title)
    alert = match_alert(sub, article, list(article.mentions), update=False)
    connector = aiohttp.TCPConnector(resolver=SafeResolver(alerts_policy(settings)))
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=settings.alerts_http_timeout)) as session:
        await send(channel, alert, sub, session, settings)


def test_a_loopback_receiver_is_refused_unless_private_networks_are_allowed() -> None:
    async def go() -> None:
        async with receiver(lambda r: web.Response(text="ok")) as (url, seen):
            with pytest.raises(DeliveryError, match="not allowed|non-public") as refused:
                await _send(Settings(), Channel(kind="webhook", target=f"{url}/hook"))
            assert refused.value.permanent and not seen
            await _send(Settings(alerts_allow_private_networks=True), Channel(kind="webhook", target=f"{url}/hook"))
            assert len(seen) == 1

    asyncio.run(go())


def test_a_redirect_is_a_failed_delivery_and_is_not_followed() -> None:
    async def go() -> None:
        async with receiver(lambda r: web.Response(text="ok")) as (target, hit):
            async def redirect(request: web.Request) -> web.Response:
                return web.Response(status=307, headers={"Location": f"{target}/internal"})

            async with receiver(redirect) as (url, _):
                with pytest.raises(DeliveryError, match="redirect") as failed:
                    await _send(Settings(alerts_allow_private_networks=True),
                                Channel(kind="webhook", target=f"{url}/hook", secret="s3cret"))
            assert failed.value.permanent and not hit, "the signed body must not reach the redirect target"

    asyncio.run(go())


def test_a_slow_receiver_is_given_up_within_the_timeout() -> None:
    async def go() -> None:
        async def slow(request: web.Request) -> web.Response:
            await asyncio.sleep(4)
            return web.Response(text="late")

        async with receiver(slow) as (url, _):
            started = time.monotonic()
            with pytest.raises(DeliveryError, match="TimeoutError"):
                await _send(Settings(alerts_allow_private_networks=True, alerts_http_timeout=1.0),
                            Channel(kind="webhook", target=f"{url}/hook"))
            assert time.monotonic() - started < 5

    asyncio.run(go())


@pytest.mark.parametrize("kind", ["webhook", "slack", "telegram"])
def test_hostile_article_text_is_delivered_as_data_through_every_http_channel(kind: str) -> None:
    async def go() -> None:
        async with receiver(lambda r: web.json_response({"ok": True})) as (url, seen):
            settings = Settings(alerts_allow_private_networks=True, telegram_api_url=url)
            channel = {"webhook": Channel(kind="webhook", target=f"{url}/hook"),
                       "slack": Channel(kind="slack", target=f"{url}/slack"),
                       "telegram": Channel(kind="telegram", target="-100123", secret="123:ABC")}[kind]
            await _send(settings, channel, title=HOSTILE_TITLE)
            payload = json.loads(seen[0])
            text = json.dumps(payload, ensure_ascii=False)
            assert "<script>" not in text or kind == "webhook"  # the webhook carries JSON data, not markup
            if kind == "webhook":
                assert payload["title"] == HOSTILE_TITLE  # as data: JSON-escaped, the receiver decides
            if kind == "telegram":
                assert "&lt;script&gt;" in payload["text"] and len(payload["text"]) <= 4096

    asyncio.run(go())


def _email(settings: Settings, smtp: SmtpServer, title: str = "Саммит ОДКБ") -> None:
    settings = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port})
    asyncio.run(_send(settings, Channel(kind="email", target="duty@example.com"), title=title))


def test_email_with_a_hostile_title_has_one_subject_line_and_no_injected_header() -> None:
    smtp = SmtpServer()
    try:
        _email(Settings(smtp_security="none"), smtp, title=HOSTILE_TITLE)
        ((message, _),) = smtp.to("duty@example.com")
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"] and "\u202e" not in message["Subject"]
        assert message["Bcc"] is None and len(message["Subject"]) <= 200
    finally:
        smtp.close()


def test_email_is_not_sent_in_clear_unless_configured_and_never_with_a_password() -> None:
    smtp = SmtpServer()  # offers no STARTTLS
    try:
        with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
            _email(Settings(), smtp)
        with pytest.raises(DeliveryError, match="credentials unencrypted"):
            _email(Settings(smtp_security="none", smtp_username="u", smtp_password="p"), smtp)
        assert not smtp.to("duty@example.com")
        _email(Settings(smtp_security="none"), smtp)
        assert len(smtp.to("duty@example.com")) == 1
    finally:
        smtp.close()
