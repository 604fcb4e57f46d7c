"""The real HTTP API (uvicorn) on a free loopback port, in a thread, for integration tests.

The API gets a token file of its own and a bootstrap admin token; `Api.call` sends
a bearer token (the admin's unless told otherwise) and `Api.log_text()` is everything it logged.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from apps.api.app import create_api
from apps.api.tokens import Role, TokenStore, tokens_path
from apps.console import PUBLIC_PAGES
from mediamon.settings import Settings, free_port

ADMIN = object()
PUBLIC_PATHS = {"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", *PUBLIC_PAGES}


def api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route, through included routers whatever FastAPI's layout."""
    found = []
    pending = list(app.routes)
    while pending:
        route = pending.pop()
        if hasattr(route, "original_router"):
            pending.extend(route.original_router.routes)
        else:
            found.extend((method, route.path) for method in sorted(getattr(route, "methods", None) or {"GET"}))
    return found


def concrete(path: str) -> str:
    """A route path with its parameters filled in."""
    return re.sub(r"\{[^}]+\}", "abc123", path)


@dataclass
class Api:
    url: str
    settings: Settings
    admin_token: str
    logged: list[str] = field(default_factory=list)

    def token(self, name: str, role: str) -> str:
        return TokenStore(tokens_path(self.settings)).add(name, Role[role])

    def revoke(self, name: str) -> None:
        TokenStore(tokens_path(self.settings)).revoke(name)

    def call(self, method: str, path: str, body: Any = None, token: object = ADMIN,
             headers: dict[str, str] | None = None, **params: Any) -> tuple[int, Any]:
        """(status, decoded JSON body); `token=None` sends no Authorization header."""
        query = f"?{urllib.parse.urlencode(params, doseq=True)}" if params else ""
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            sent["Authorization"] = f"Bearer {self.admin_token if token is ADMIN else token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}{query}", data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def log_text(self) -> str:
        return "\n".join(self.logged)


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(self.format(record))


@contextmanager
def running_api(settings: Settings, log_level: str = "warning") -> Iterator[Api]:
    """Serve `create_api(settings)` until the block ends."""
    port = free_port()
    admin_token = "mm_" + secrets.token_urlsafe(32)
    tokens_file = Path(tempfile.mkdtemp(prefix="mediamon-api-")) / "tokens.json"
    own = settings.model_copy(update={"api_tokens_file": tokens_file, "api_admin_token": SecretStr(admin_token)})
    api = Api(f"http://127.0.0.1:{port}", own, admin_token)
    handler = _Collect(api.logged)
    server = uvicorn.Server(uvicorn.Config(create_api(own), host="127.0.0.1", port=port, log_level=log_level))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    # uvicorn's own loggers do not propagate to the root logger; its configuration is in place now.
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield api
    finally:
        server.should_exit = True
        thread.join(10)
        for logger in loggers:
            logger.removeHandler(handler)
