"""A least-privilege writer (may index, may not manage templates) against a secured Elasticsearch.

The local server has no security, so this branch of the indexer's readiness check is exercised
against a small HTTP server answering as a secured Elasticsearch does: 403 `security_exception`
for what the role lacks, and the alias present or not.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import Elasticsearch

from mediamon.elastic import load_templates
from mediamon.elastic.setup import ready_for_writing
from mediamon.settings import Settings

FORBIDDEN = {"error": {"type": "security_exception", "reason": "action [cluster:admin/component_template/get] "
                       "is unauthorized for user [mediamon_writer]"}, "status": 403}


class SecuredCluster(BaseHTTPRequestHandler):
    """Forbids everything but asking whether the alias exists (the writer's `view_index_metadata`)."""

    alias_exists = False

    def _answer(self, status: int, body: dict | None) -> None:
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        if self.path.startswith("/_alias/"):
            self._answer(200 if self.alias_exists else 404, None)
        else:
            self._answer(403, None)

    def do_GET(self) -> None:
        self._answer(403, FORBIDDEN)

    do_PUT = do_POST = do_GET

    def log_message(self, *args: object) -> None:
        """Quiet: pytest shows failures, not every request."""


@pytest.fixture
def cluster() -> Iterator[tuple[Elasticsearch, type[SecuredCluster]]]:
    handler = type("Cluster", (SecuredCluster,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Elasticsearch(f"http://127.0.0.1:{server.server_port}", request_timeout=5), handler
    finally:
        server.shutdown()
        server.server_close()


def test_a_writer_waits_with_the_reason_while_the_alias_is_missing(cluster) -> None:
    es, _ = cluster
    problem = ready_for_writing(es, load_templates(Settings()))
    assert problem is not None and "may not create them" in problem and "mediamon setup" in problem


def test_a_writer_goes_ahead_once_an_administrator_ran_setup(cluster) -> None:
    es, handler = cluster
    handler.alias_exists = True
    assert ready_for_writing(es, load_templates(Settings())) is None
