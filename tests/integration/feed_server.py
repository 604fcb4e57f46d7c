"""A real, scriptable HTTP server for poller tests: each path answers as a test tells it to.

Routes are callables `(request headers) -> Reply`, so a test can play a good server (ETag and
304), a rude one (429, slow, huge) or one that changes its feed between polls.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the body is sent (slow servers)
    chunked: bool = False  # no Content-Length: the client cannot know the size in advance


Route = Callable[[Message], Reply]


def feed(body: bytes, content_type: str = "application/rss+xml; charset=utf-8", etag: bool = True) -> Route:
    """A well-behaved feed: ETag + 304 on If-None-Match."""
    tag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def reply(headers: Message) -> Reply:
        if etag and headers.get("If-None-Match") == tag:
            return Reply(304, headers={"ETag": tag})
        return Reply(200, body, {"Content-Type": content_type, **({"ETag": tag} if etag else {})})
    return reply


def fixed(status: int = 200, body: bytes = b"", **options: object) -> Route:
    return lambda _headers: Reply(status, body, **options)  # type: ignore[arg-type]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, Message]] = []
        handler = type("Handler", (_Handler,), {"owner": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Message]:
        return [headers for p, headers in self.requests if p == path]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    owner: FeedServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.owner.requests.append((self.path, self.headers))
        route = self.owner.routes.get(self.path)
        reply = route(self.headers) if route else Reply(404, b"not found")
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeouts, size caps): that is what those tests want

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.delay:
            time.sleep(reply.delay)
        if not reply.chunked:
            self.wfile.write(reply.body)
            return
        for start in range(0, len(reply.body), 65536):
            chunk = reply.body[start:start + 65536]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args: object) -> None:
        pass


def rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS feed of (guid, title, pubDate) items; the link is derived from the guid."""
    body = "".join(f"<item><guid>urn:news:{g}</guid><link>https://news.example/{g}</link><title>{t}</title>"
                   f"<description>Text of {t}</description><pubDate>{d}</pubDate></item>" for g, t, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{body}</channel></rss>'.encode()


A = ("a", "Первая", "Mon, 25 Nov 2024 09:00:00 GMT")
B = ("b", "Вторая", "Mon, 25 Nov 2024 10:00:00 GMT")
