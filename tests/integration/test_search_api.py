"""The HTTP API answers like the CLI, documents itself, and turns bad queries into 400s."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import uvicorn

from mediamon.api import create_api
from mediamon.settings import Settings, free_port
from tests.integration.articles import article, index_articles, prepared


@pytest.fixture()
def api_url(stack_settings: Settings) -> Iterator[str]:
    prepared(stack_settings)
    now = datetime.now(timezone.utc)
    index_articles(stack_settings, [
        article("a1", "Саммит ОДКБ", "Организации Договора о коллективной безопасности", "ru", now - timedelta(hours=1),
                entities=("CSTO",)),
        article("a2", "War in Ukraine", "The invasion continues", "en", now - timedelta(hours=2), entities=("SMO",),
                framing="war"),
    ])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_api(stack_settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _get(url: str, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
    query = urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(f"{url}{path}?{query}", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_search_with_filters_snippets_and_cursor(api_url: str) -> None:
    status, body = _get(api_url, "/search", q="организация", entity="CSTO")
    assert status == 200 and body["total"] == 1
    (hit,) = body["hits"]
    assert hit["id"] == "a1" and "<em>" in hit["highlight"]["text"][0] and hit["cursor"]
    status, page = _get(api_url, "/search", q="*", size=1)
    assert page["total"] == 2 and page["next_cursor"]
    status, rest = _get(api_url, "/search", q="*", size=1, after=page["next_cursor"])
    assert [h["id"] for h in page["hits"] + rest["hits"]] == ["a1", "a2"]


def test_facets(api_url: str) -> None:
    status, body = _get(api_url, "/facets", q="*", lang=["ru", "en"])
    assert status == 200 and body["facets"]["entity"] == {"CSTO": 1, "SMO": 1}
    assert body["facets"]["framing"] == {"war": 1}


def test_a_bad_query_is_a_400_that_says_where(api_url: str) -> None:
    status, body = _get(api_url, "/search", q="ОДКБ AND AND war")
    assert status == 400 and body["position"] == 9 and "unexpected 'AND'" in body["detail"]
    status, body = _get(api_url, "/search", q="*", since="last tuesday")
    assert status == 400 and "last tuesday" in body["detail"]


def test_openapi_documents_the_endpoints(api_url: str) -> None:
    status, spec = _get(api_url, "/openapi.json")
    assert status == 200 and {"/search", "/facets"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert {"q", "entity", "lang", "since", "sort", "after", "facets"} <= names
