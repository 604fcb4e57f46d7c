"""The bundled sample feeds over real HTTP, so `make run` shows results with no internet.

Templates in `ingest/samples/` carry dates relative to the server start (`{{rfc822:-2h}}`,
`{{iso:-30m}}`) so the articles look recent; the body is rendered once per server, and the
server behaves like a good real one: ETag/Last-Modified, 304 on conditional GET, gzip.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
_CONTENT_TYPES = {".xml": "application/xml", ".json": "application/feed+json"}
_TOKEN = re.compile(r"\{\{(rfc822|iso):-(\d+)([mhd])\}\}")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class _Document:
    body: bytes
    content_type: str
    etag: str


def render(template: str, now: datetime) -> str:
    """Replace date tokens with `now` minus the offset, in RSS (RFC 822) or ISO 8601 form."""
    def replace(match: re.Match[str]) -> str:
        when = now - timedelta(**{_UNITS[match[3]]: int(match[2])})
        return format_datetime(when) if match[1] == "rfc822" else when.isoformat()
    return _TOKEN.sub(replace, template)


def _load(now: datetime) -> dict[str, _Document]:
    documents = {}
    for path in sorted(SAMPLES_DIR.iterdir()):
        if path.suffix in _CONTENT_TYPES:
            body = render(path.read_text(encoding="utf-8"), now).encode("utf-8")
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            documents["/" + path.name] = _Document(body, _CONTENT_TYPES[path.suffix] + "; charset=utf-8", etag)
    return documents


class SampleServer:
    """A running sample server; `stop()` shuts it down and frees the port."""

    def __init__(self, host: str, port: int) -> None:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        handler = type("Handler", (_Handler,), {"documents": _load(now), "last_modified": format_datetime(now, usegmt=True)})
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self.host, self.port = host, self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="sample-feeds", daemon=True)
        self._thread.start()

    @property
    def paths(self) -> list[str]:
        return list(self._server.RequestHandlerClass.documents)  # type: ignore[attr-defined]

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def start_sample_server(host: str = "127.0.0.1", port: int = 0) -> SampleServer:
    """Serve the sample feeds in a background thread; port 0 picks a free port (see `.port`)."""
    return SampleServer(host, port)


class _Handler(BaseHTTPRequestHandler):
    documents: dict[str, _Document] = {}
    last_modified = ""
    server_version = "mediamon-samples/1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        doc = self.documents.get(self.path.split("?", 1)[0])
        if doc is None:
            self.send_error(404, "no such sample feed")
            return
        if self.headers.get("If-None-Match") == doc.etag or self.headers.get("If-Modified-Since") == self.last_modified:
            self.send_response(304)
            self.send_header("ETag", doc.etag)
            self.end_headers()
            return
        body = doc.body
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body)
        self.send_response(200)
        self.send_header("Content-Type", doc.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", doc.etag)
        self.send_header("Last-Modified", self.last_modified)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the poller logs what matters."""


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve mediamon's bundled sample feeds.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = start_sample_server(args.host, args.port)
    print(f"serving {', '.join(server.url(p) for p in server.paths)}; Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
