"""Alert delivery against real local receivers: the address policy at connection time, no redirects,
answers bounded in time and bytes (slow-loris, huge bodies)."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from mediamon.records import Alert, AlertArticle, Channel, Subscription
from mediamon.settings import Settings, free_port
from processors.alerts.channels import DeliveryError, send, send_email
from processors.alerts.delivery import Deliverer
from tests.integration.alerts_helpers import SmtpServer, WebhookReceiver

ALLOW = Settings(alerts_allow_private_networks=True, alerts_http_timeout=3.0, alerts_read_timeout=1.0,
                 alerts_connect_timeout=1.0, alerts_response_max_bytes=4096)


class RawReceiver:
    """A loopback TCP server that answers each connection with `respond(conn)` and counts requests."""

    def __init__(self, respond: Callable[[socket.socket], None]) -> None:
        self.port, self.requests = free_port(), 0
        self.sock = socket.create_server(("127.0.0.1", self.port))
        self.respond = respond
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.requests += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                self.respond(conn)
            except OSError:
                pass

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def ok(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


@pytest.fixture
def receivers() -> Iterator[list[RawReceiver]]:
    made: list[RawReceiver] = []
    yield made
    for receiver in made:
        receiver.sock.close()


def deliver(settings: Settings, kind: str, url: str) -> None:
    alert = Alert(id="al1", subscription_id="s1", kind="match", created=datetime.now(timezone.utc))
    sub = Subscription(id="s1", name="n", channels=[Channel(kind=kind, target=url)])

    async def run() -> None:
        deliverer = Deliverer(settings, None, None)  # type: ignore[arg-type]
        try:
            await send(sub.channels[0], alert, sub, deliverer.session(), settings)
        finally:
            await deliverer.close()

    asyncio.run(run())


@pytest.mark.parametrize("kind", ["webhook", "slack"])
def test_loopback_receiver_is_refused_unless_private_networks_are_allowed(kind: str, receivers: list) -> None:
    receivers.append(receiver := RawReceiver(ok))
    with pytest.raises(DeliveryError, match="not a public address") as refused:
        deliver(Settings(), kind, receiver.url())
    assert refused.value.permanent and receiver.requests == 0
    deliver(ALLOW, kind, receiver.url())
    assert receiver.requests == 1


def test_a_name_resolving_to_loopback_at_connection_time_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                                    receivers: list) -> None:
    """The resolver's answer is checked, then connected to: a rebinding name never reaches loopback."""
    receivers.append(receiver := RawReceiver(ok))
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real(
        "127.0.0.1" if host == "rebind.example" else host, *a, **k))
    with pytest.raises(DeliveryError, match="resolves only to non-public"):
        deliver(Settings(), "webhook", f"http://rebind.example:{receiver.port}/hook")
    assert receiver.requests == 0


@pytest.mark.parametrize("kind", ["webhook", "slack"])
def test_redirects_to_private_addresses_are_not_followed(kind: str, receivers: list) -> None:
    receivers.append(target := RawReceiver(ok))
    location = f"http://127.0.0.1:{target.port}/internal"
    receivers.append(redirector := RawReceiver(lambda conn: conn.sendall(
        f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode())))
    with pytest.raises(DeliveryError, match=r"redirect \(307\); mediamon does not follow") as failed:
        deliver(ALLOW, kind, redirector.url())
    assert failed.value.permanent and target.requests == 0


def slow_loris(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(60):
        conn.sendall(b"X-Slow: 1\r\n")
        time.sleep(0.5)


def huge_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
    chunk = b"x" * 65536
    for _ in range(16384):
        conn.sendall(chunk)


def test_a_slow_loris_receiver_is_cut_off_by_the_total_timeout(receivers: list) -> None:
    receivers.append(receiver := RawReceiver(slow_loris))
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="TimeoutError"):
        deliver(ALLOW, "webhook", receiver.url())
    assert time.monotonic() - started < ALLOW.alerts_http_timeout + 2


def test_a_huge_answer_is_read_only_up_to_the_limit(receivers: list) -> None:
    receivers.append(receiver := RawReceiver(huge_body))
    started = time.monotonic()
    deliver(ALLOW, "webhook", receiver.url())
    assert time.monotonic() - started < ALLOW.alerts_http_timeout


HOSTILE_TITLES = ["Breaking\r\nBcc: victim@example.org\r\n\r\nspam", "nul\x00byte", "evil\u202egpj.exe",
                  "<script>alert(1)</script> & <b>", "x" * 1_000_000]


def hostile_alert(title: str) -> Alert:
    now = datetime.now(timezone.utc)
    article = AlertArticle(id="a1", url="https://news.example/a?x=1&y=<2>|3", title=title, source="src\r\nX: y",
                           lang="ru", published=now, mentions=[{"before": "a\u202e", "surface": "<ОДКБ>",
                                                                "after": "\x00"}])
    return Alert(id="al1", subscription_id="s1", kind="match", created=now, articles=[article])


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=["crlf", "nul", "rlo", "html", "1mb"])
def test_hostile_article_fields_are_delivered_safely_through_every_channel(title: str) -> None:
    hook, smtp = WebhookReceiver(), SmtpServer()
    settings = ALLOW.model_copy(update={"smtp_port": smtp.port, "telegram_api_url": hook.url("/tg"), "smtp_security": "none",
                                        "alerts_http_timeout": 20.0, "alerts_read_timeout": 10.0})
    alert = hostile_alert(title)
    sub = Subscription(id="s1", name="desk\r\nBcc: x@example.org", channels=[
        Channel(kind="webhook", target=hook.url("/hook")), Channel(kind="slack", target=hook.url("/slack")),
        Channel(kind="telegram", target="42", secret="123:tok"), Channel(kind="email", target="desk@example.org")])

    async def run() -> None:
        deliverer = Deliverer(settings, None, None)  # type: ignore[arg-type]
        try:
            for channel in sub.channels:
                await send(channel, alert, sub, deliverer.session(), settings)
        finally:
            await deliverer.close()

    try:
        asyncio.run(run())
        assert json.loads(hook.at("/hook")[0].body)["title"] == title, "JSON carries the data as it is"
        for path in ("/slack", "/tg/bot123:tok/sendMessage"):
            text = json.loads(hook.at(path)[0].body)["text"]
            assert "<script>" not in text and "\u202e" not in text and "\x00" not in text
        assert "<2>|3" not in json.loads(hook.at("/slack")[0].body)["text"]
        assert len(json.loads(hook.at("/tg/bot123:tok/sendMessage")[0].body)["text"]) <= 4096
        ((message, _),) = smtp.to("desk@example.org")
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"] and len(message["Subject"]) <= 200
        assert str(message["Subject"]).strip().startswith("[mediamon] ") and message["Bcc"] is None
    finally:
        hook.close()
        smtp.close()


def test_an_unexpected_error_in_one_delivery_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a sender raises becomes the channel's failure reason (then dead-lettered by `deliver`)."""
    async def broken(*args: object) -> None:
        raise ValueError("header value contains a newline")

    monkeypatch.setattr("processors.alerts.delivery.send", broken)
    sub = Subscription(id="s1", name="n", channels=[Channel(kind="email", target="desk@example.org")])

    async def run() -> str | None:
        deliverer = Deliverer(ALLOW, None, None)  # type: ignore[arg-type]
        try:
            return await deliverer._with_retries(sub.channels[0], hostile_alert("t"), sub)
        finally:
            await deliverer.close()

    assert asyncio.run(run()) == "email: could not be sent (ValueError)"


def email_settings(smtp: SmtpServer, **update: object) -> Settings:
    return ALLOW.model_copy(update={"smtp_port": smtp.port, **update})


@pytest.mark.parametrize(("update", "reason"), [
    ({}, "does not offer STARTTLS"),
    ({"smtp_security": "tls"}, "SSLError"),
    ({"smtp_security": "none", "smtp_username": "u", "smtp_password": SecretStr("p")}, "credentials without TLS"),
])
def test_mail_is_not_sent_plain_unless_explicitly_configured(update: dict, reason: str) -> None:
    smtp = SmtpServer()
    try:
        with pytest.raises(DeliveryError, match=reason):
            send_email(email_settings(smtp, **update), "desk@example.org", hostile_alert("t"),
                       Subscription(id="s1", name="n", channels=[]))
        assert smtp.to("desk@example.org") == []
        send_email(email_settings(smtp, smtp_security="none"), "desk@example.org", hostile_alert("t"),
                   Subscription(id="s1", name="n", channels=[]))
        assert len(smtp.to("desk@example.org")) == 1
    finally:
        smtp.close()


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (made here, valid one day) and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_out_over_verified_tls(security: str, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    tls = {"ssl_context": server_context} if security == "tls" else {"tls_context": server_context,
                                                                      "require_starttls": True}
    inbox = SmtpServer(**tls)
    try:
        settings = ALLOW.model_copy(update={"smtp_port": inbox.port, "smtp_security": security, "smtp_ca_file": cert})
        send_email(settings, "desk@example.org", hostile_alert("t"), Subscription(id="s1", name="n", channels=[]))
        assert len(inbox.to("desk@example.org")) == 1
    finally:
        inbox.close()
