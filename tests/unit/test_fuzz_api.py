"""Fuzzing the API's query inputs with hypothesis (TestClient, no servers): never a 500.

Elasticsearch is unreachable here, so a query that gets past validation answers 503 ("search is
unavailable"); everything else must be a 4xx that says what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.api import create_api
from mediamon.settings import Settings

ADMIN = "fuzz-admin-token-0123456789abcdef"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
_QUERY_PIECES = st.sampled_from(["(", ")", "AND", "OR", "NOT", "-", "+", "!", ":", "title:", "entity:", '"', "*",
                                 "?", "~2", "^3", "[", "]", "{", "}", "TO", "\\", "/", "ОДКБ", "\x00", "\u202e", " "])
_QUERY = st.one_of(st.text(max_size=60), st.lists(_QUERY_PIECES, max_size=60).map(" ".join),
                   st.lists(_QUERY_PIECES, max_size=200).map("".join),
                   st.integers(0, 3000).map(lambda n: "(" * n + "a" + ")" * n))
_PARAM_VALUES = st.one_of(st.text(max_size=30), st.sampled_from(["24h", "-1d", "9999999999d", "2024-13-45", "0",
                                                                  "-5", "501", "relevance", "date", "true"]))
_PARAMS = st.dictionaries(st.sampled_from(["q", "entity", "lang", "topic", "since", "until", "sort", "size",
                                           "after", "facets", "source", "country", "framing"]), _PARAM_VALUES)


def _client(tmp_path: Path, search_backend: str = "elasticsearch") -> TestClient:
    """The API with nothing behind it (Elasticsearch unreachable), or on an empty embedded index."""
    return TestClient(create_api(Settings(data_dir=tmp_path, api_allowed_hosts=["testserver"],
                                          kafka_bootstrap="127.0.0.1:1", es_url="http://127.0.0.1:1",
                                          search_backend=search_backend,
                                          api_admin_token=ADMIN, api_rate_burst=10**6)),
                      raise_server_exceptions=False, headers={"Authorization": f"Bearer {ADMIN}"})


@pytest.mark.parametrize(("backend", "answers"), [("elasticsearch", (400, 422, 503)), ("local", (200, 400, 422))])
def test_search_and_facets_inputs_never_give_a_500(tmp_path: Path, backend: str, answers: tuple[int, ...]) -> None:
    with _client(tmp_path, backend) as client:

        @FUZZ
        @given(query=_QUERY, params=_PARAMS, path=st.sampled_from(["/search", "/facets"]))
        def check(query: str, params: dict[str, str], path: str) -> None:
            answer = client.get(path, params={"q": query, **params})
            assert answer.status_code in answers, (answer.status_code, answer.text)
            assert "Traceback" not in answer.text and "127.0.0.1:1" not in answer.text

        check()


def test_hostile_bodies_are_refused_before_parsing(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        deep = client.post("/alerts/subscriptions", content=b"[" * 60_000, headers={"Content-Type": "application/json"})
        assert deep.status_code == 400
        big = client.post("/alerts/subscriptions", content=b" " * 70_000, headers={"Content-Type": "application/json"})
        assert big.status_code == 413 and "65536 bytes" in big.json()["detail"]
        chunked = client.post("/alerts/subscriptions", content=iter([b" " * 40_000] * 2),
                              headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413


def test_non_finite_numbers_in_a_body_are_a_422(tmp_path: Path) -> None:
    """Python's JSON reader accepts NaN and Infinity; echoing them back in the error gave a 500."""
    with _client(tmp_path) as client:
        answer = client.post("/alerts/subscriptions", content=b'{"name": Infinity, "factor": NaN}',
                             headers={"Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "name"]
