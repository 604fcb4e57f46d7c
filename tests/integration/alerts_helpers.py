"""Real local servers for the alerts tests: an HTTP webhook receiver and an SMTP server (aiosmtpd),
plus helpers to put enriched articles on Kafka and read alert topics back."""

from __future__ import annotations

import email
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from kafka import KafkaProducer

from mediamon.records import EnrichedArticle, Mention
from mediamon.settings import Settings, free_port
from mediamon.topology import ARTICLES_ENRICHED


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class WebhookReceiver:
    """Answers POSTs with the status its script says per path (default 200) and records them all."""

    statuses: dict[str, list[int]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                script = receiver.statuses.get(self.path, [])
                status = script.pop(0) if len(script) > 1 else (script[0] if script else 200)
                receiver.received.append(Received(self.path, dict(self.headers), body, time.time()))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[Message, float]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.messages.append((email.message_from_bytes(envelope.content, policy=policy.default), time.time()))  # type: ignore[attr-defined]
        return "250 OK"


class SmtpServer:
    def __init__(self, **tls: object) -> None:
        """`tls`: aiosmtpd's `ssl_context` (implicit TLS) or `tls_context` + `require_starttls`."""
        self.inbox = _Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **tls)  # type: ignore[arg-type]
        self.controller.start()

    def to(self, address: str) -> list[tuple[Message, float]]:
        return [(m, t) for m, t in self.inbox.messages if m["To"] == address]

    def close(self) -> None:
        self.controller.stop()


def article(title: str, text: str, mentions: list[tuple[str, str]], *, lang: str = "ru", source: str = "tass",
            published: datetime | None = None, article_id: str | None = None, version: str = "v1") -> EnrichedArticle:
    """An enriched article whose mentions point at the first occurrence of each surface in the text."""
    found = [Mention(entity=entity, surface=surface, start=text.index(surface),
                     end=text.index(surface) + len(surface), field="text", confidence=0.95)
             for surface, entity in mentions]
    now = datetime.now(timezone.utc)
    return EnrichedArticle(id=article_id or uuid.uuid4().hex, url=f"https://{source}.example/{uuid.uuid4().hex[:6]}",
                           feed_url=f"https://{source}.example/rss", source=source, title=title, text=text,
                           published=published or now, fetched=now, lang=lang, lang_confidence=0.99,
                           mentions=found, entities=list(dict.fromkeys(m.entity for m in found)), enriched=now,
                           version=version)


class ArticleProducer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")

    def send(self, *articles: EnrichedArticle) -> float:
        for item in articles:
            self.producer.send(self.settings.topic(ARTICLES_ENRICHED), key=item.id.encode(), value=item.dumps())
        self.producer.flush()
        return time.time()

    def close(self) -> None:
        self.producer.close()


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
