"""`mediamon kibana import` posts our NDJSON the way Kibana's import API expects, and reports failures.

Kibana itself cannot run here, so a local HTTP server stands in and records the request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mediamon.settings import Settings
from tests.conftest import run_mediamon


class _Recorder(BaseHTTPRequestHandler):
    requests: list[dict] = []
    answer: dict = {"success": True, "successCount": 0}

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
        files = {part.get_param("name", header="content-disposition"): part.get_content()
                 for part in message.iter_parts()}
        type(self).requests.append({"path": self.path, "xsrf": self.headers.get("kbn-xsrf"), "files": files})
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def kibana() -> Iterator[type[_Recorder]]:
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield _Recorder
    server.shutdown()
    server.server_close()


def test_import_overwrites_by_id_with_the_data_view_on_our_alias(kibana: type[_Recorder]) -> None:
    settings = Settings(index_prefix="tenant7-")
    kibana.answer = {"success": True, "successCount": 10}
    result = run_mediamon(settings, "kibana", "import", "--url", kibana.url)
    assert result.returncode == 0, result.stderr
    assert "imported 10 saved objects" in result.stdout
    (request,) = kibana.requests
    assert request["path"] == "/api/saved_objects/_import?overwrite=true" and request["xsrf"]
    objects = [json.loads(line) for line in request["files"]["file"].splitlines() if line.strip()]
    data_view = next(obj for obj in objects if obj["type"] == "index-pattern")
    assert data_view["attributes"]["title"] == "tenant7-articles"
    assert {obj["attributes"]["title"] for obj in objects} >= {"CSTO mentions", "Media monitoring"}


def test_a_partial_failure_is_reported_with_kibanas_errors(kibana: type[_Recorder]) -> None:
    kibana.answer = {"success": False, "successCount": 9,
                     "errors": [{"id": "mediamon-dashboard-media-monitoring", "error": {"type": "missing_references"}}]}
    result = run_mediamon(Settings(), "kibana", "import", "--url", kibana.url)
    assert result.returncode == 1
    assert "missing_references" in result.stderr and "mediamon-dashboard-media-monitoring" in result.stderr
