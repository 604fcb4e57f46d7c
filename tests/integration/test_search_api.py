"""The HTTP API answers like the CLI, documents itself, and turns bad queries into 400s."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mediamon.settings import Settings
from tests.integration.api_server import Api, running_api
from tests.integration.articles import article, index_articles, prepared


@pytest.fixture(params=["elasticsearch", "local"])
def api_url(stack_settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Api]:
    """The API on each search backend, holding the same two articles."""
    stack_settings = stack_settings.model_copy(update={"search_backend": request.param, "data_dir": tmp_path})
    prepared(stack_settings)
    now = datetime.now(timezone.utc)
    index_articles(stack_settings, [
        article("a1", "Саммит ОДКБ", "Организации Договора о коллективной безопасности", "ru", now - timedelta(hours=1),
                entities=("CSTO",)),
        article("a2", "War in Ukraine", "The invasion continues", "en", now - timedelta(hours=2), entities=("SMO",),
                framing="war"),
    ])
    with running_api(stack_settings) as api:
        yield api


def _get(api: Api, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
    return api.call("GET", path, **params)


def test_search_with_filters_snippets_and_cursor(api_url: Api) -> None:
    status, body = _get(api_url, "/search", q="организация", entity="CSTO")
    assert status == 200 and body["total"] == 1
    (hit,) = body["hits"]
    assert hit["id"] == "a1" and "<em>" in hit["highlight"]["text"][0] and hit["cursor"]
    status, page = _get(api_url, "/search", q="*", size=1)
    assert page["total"] == 2 and page["next_cursor"]
    status, rest = _get(api_url, "/search", q="*", size=1, after=page["next_cursor"])
    assert [h["id"] for h in page["hits"] + rest["hits"]] == ["a1", "a2"]


def test_facets(api_url: Api) -> None:
    status, body = _get(api_url, "/facets", q="*", lang=["ru", "en"])
    assert status == 200 and body["facets"]["entity"] == {"CSTO": 1, "SMO": 1}
    assert body["facets"]["framing"] == {"war": 1}


def test_a_bad_query_is_a_400_that_says_where(api_url: Api) -> None:
    status, body = _get(api_url, "/search", q="ОДКБ AND AND war")
    assert status == 400 and body["position"] == 9 and "unexpected 'AND'" in body["detail"]
    status, body = _get(api_url, "/search", q="*", since="last tuesday")
    assert status == 400 and "last tuesday" in body["detail"]


def test_openapi_documents_the_endpoints(api_url: Api) -> None:
    status, spec = _get(api_url, "/openapi.json")
    assert status == 200 and {"/search", "/facets"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert {"q", "entity", "lang", "since", "sort", "after", "facets"} <= names
