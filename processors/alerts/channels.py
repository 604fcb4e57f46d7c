"""Send one alert to one channel: signed webhook, Slack incoming webhook, Telegram Bot API, SMTP e-mail.

Each sender raises `DeliveryError`; `permanent=True` (e.g. HTTP 404) means retrying cannot help.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import smtplib
import ssl
import time
from email.message import EmailMessage
from typing import Any

import aiohttp
from yarl import URL

from mediamon.errors import MediamonError
from mediamon.netpolicy import BlockedAddressError, check_url
from mediamon.records import Alert, Channel, Subscription
from mediamon.settings import Settings
from processors.subscriptions import render
from processors.subscriptions.validation import alerts_policy

SIGNATURE_HEADER = "X-Mediamon-Signature"
# 408 (timeout) and 429 (slow down) are worth retrying; other 4xx mean the request itself is wrong.
RETRYABLE_4XX = (408, 425, 429)


class DeliveryError(MediamonError):
    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp lets receivers reject replays."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


async def send(channel: Channel, alert: Alert, sub: Subscription, session: aiohttp.ClientSession,
               settings: Settings) -> None:
    if channel.kind == "webhook":
        body = render.webhook_body(alert)
        headers = {"Content-Type": "application/json", "X-Mediamon-Alert": alert.id}
        if channel.secret:
            headers[SIGNATURE_HEADER] = sign(channel.secret, body, int(time.time()))
        await _post(session, channel.target, body, headers, "webhook", settings)
    elif channel.kind == "slack":
        await _post_json(session, channel.target, render.slack_payload(alert, sub), "slack", settings)
    elif channel.kind == "telegram":
        url = f"{settings.telegram_api_url.rstrip('/')}/bot{channel.secret}/sendMessage"
        await _post_json(session, url, render.telegram_payload(alert, sub, channel.target), "telegram", settings)
    elif channel.kind == "email":
        await asyncio.to_thread(send_email, settings, channel.target, alert, sub)
    else:
        raise DeliveryError(f"unknown channel kind {channel.kind!r}", permanent=True)


async def _post_json(session: aiohttp.ClientSession, url: str, payload: dict[str, Any], what: str,
                     settings: Settings) -> None:
    await _post(session, url, json.dumps(payload, ensure_ascii=False).encode(), {"Content-Type": "application/json"},
                what, settings)


async def _post(session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str], what: str,
                settings: Settings) -> None:
    """POST once, never following a redirect (it would re-send the signed body elsewhere), reading at
    most `alerts_response_max_bytes` of the answer. The URL is never put in errors: Telegram's carries
    the bot token and Slack's is itself a secret."""
    try:
        check_url(URL(url), alerts_policy(settings))
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as response:
            await response.content.read(settings.alerts_response_max_bytes)
            if response.status < 300:
                return
            if response.status < 400:
                raise DeliveryError(f"{what}: the receiver answered a redirect ({response.status}); "
                                    "mediamon does not follow redirects for alerts", permanent=True)
            permanent = 400 <= response.status < 500 and response.status not in RETRYABLE_4XX
            raise DeliveryError(f"{what}: HTTP {response.status}", permanent=permanent)
    except BlockedAddressError as exc:
        raise DeliveryError(f"{what}: {exc}", permanent=True) from None
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        raise DeliveryError(f"{what}: {type(exc).__name__}") from None


def send_email(settings: Settings, address: str, alert: Alert, sub: Subscription) -> None:
    """Plain text and HTML alternatives in one message (blocking: run it in a thread)."""
    message = EmailMessage()
    message["Subject"] = render.subject(alert, sub)
    message["From"] = settings.smtp_sender
    message["To"] = address
    message["X-Mediamon-Alert"] = alert.id
    message.set_content(render.plain_text(alert, sub))
    message.add_alternative(render.html_text(alert, sub), subtype="html")
    try:
        with _smtp_connection(settings) as smtp:
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"email: recipient refused: {address}", permanent=True) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError("email: the SMTP server does not offer STARTTLS (MEDIAMON_SMTP_SECURITY=none only "
                            "for a trusted local relay)", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"email: {type(exc).__name__}") from exc


def _smtp_connection(settings: Settings) -> smtplib.SMTP:
    """Encrypted with a verified certificate unless plain is explicitly configured; credentials never go out plain."""
    timeout = settings.alerts_http_timeout
    if settings.smtp_security == "none":
        if settings.smtp_username:
            raise DeliveryError("email: refusing to send SMTP credentials without TLS "
                                "(MEDIAMON_SMTP_SECURITY=none)", permanent=True)
        return smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    context = ssl.create_default_context(cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)
    if settings.smtp_security == "tls":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout, context=context)
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    try:
        smtp.starttls(context=context)
    except BaseException:
        smtp.close()
        raise
    return smtp
