"""Every API route demands a bearer token, except the health and documentation pages.

The route walk is the test that fails when someone adds a router or route without auth.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from apps.api import create_api
from apps.api.tokens import Role, TokenStore, tokens_path
from mediamon.settings import Settings
from tests.integration.api_server import PUBLIC_PATHS, api_routes, concrete


def api_settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(data_dir=tmp_path, api_allowed_hosts=["testserver"], kafka_bootstrap="127.0.0.1:1",
                    es_url="http://127.0.0.1:1", **extra)


def test_every_route_but_the_public_pages_answers_401_without_a_token(tmp_path: Path) -> None:
    app = create_api(api_settings(tmp_path))
    client = TestClient(app)
    routes = api_routes(app)
    assert {"/search", "/facets", "/alerts/subscriptions", "/tokens"} <= {path for _, path in routes}
    for method, path in routes:
        if path in PUBLIC_PATHS:
            continue
        for headers in ({}, {"Authorization": "Bearer mm_not-a-token"}, {"Authorization": "Basic YTpi"}):
            answer = client.request(method, concrete(path), headers=headers, json={})
            assert answer.status_code == 401, (method, path, headers, answer.text)
            assert answer.headers["www-authenticate"].startswith("Bearer")


def test_roles_are_ordered_viewer_editor_admin(tmp_path: Path) -> None:
    store = TokenStore(tokens_path(api_settings(tmp_path)))
    viewer, editor = store.add("v", Role.viewer), store.add("e", Role.editor)
    client = TestClient(create_api(api_settings(tmp_path, api_admin_token="boot-admin-token-0123456789")))
    as_ = {name: {"Authorization": f"Bearer {token}"} for name, token in
           (("viewer", viewer), ("editor", editor), ("admin", "boot-admin-token-0123456789"))}
    assert client.get("/alerts/subscriptions", headers=as_["viewer"]).status_code == 403
    assert "editor role" in client.get("/alerts/subscriptions", headers=as_["viewer"]).json()["detail"]
    assert client.get("/tokens", headers=as_["editor"]).status_code == 403
    listed = client.get("/tokens", headers=as_["admin"])
    assert listed.status_code == 200 and {t["name"] for t in listed.json()} == {"v", "e"}
    assert viewer not in listed.text and "sha256" not in listed.text


def test_the_rate_limit_per_token_answers_429_with_the_limit(tmp_path: Path) -> None:
    token = TokenStore(tokens_path(api_settings(tmp_path))).add("busy", Role.admin)
    client = TestClient(create_api(api_settings(tmp_path, api_rate_per_second=0.01, api_rate_burst=3)))
    answers = [client.get("/tokens", headers={"Authorization": f"Bearer {token}"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "0.01 requests per second" in answers[-1].json()["detail"]


@pytest.mark.parametrize("path", sorted(PUBLIC_PATHS - {"/health", "/docs/oauth2-redirect", "/console/static"}))
def test_documentation_pages_are_public(tmp_path: Path, path: str) -> None:
    assert TestClient(create_api(api_settings(tmp_path))).get(path).status_code == 200


def test_a_foreign_host_header_is_refused_dns_rebinding(tmp_path: Path) -> None:
    client = TestClient(create_api(Settings(data_dir=tmp_path, api_admin_token="boot-admin-token-0123456789")),
                        base_url="http://127.0.0.1:8000")
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/openapi.json", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/openapi.json", headers={"Host": "attacker.example:8000"}).status_code == 400
    token = {"Authorization": "Bearer boot-admin-token-0123456789"}
    assert client.get("/tokens", headers={**token, "Host": "rebound.attacker.example"}).status_code == 400


def test_cors_is_off_unless_origins_are_configured(tmp_path: Path) -> None:
    preflight = {"Origin": "https://console.example", "Access-Control-Request-Method": "GET"}
    off = TestClient(create_api(api_settings(tmp_path))).options("/search", headers=preflight)
    assert "access-control-allow-origin" not in off.headers
    on = TestClient(create_api(api_settings(tmp_path, api_cors_origins=["https://console.example"])))
    assert on.options("/search", headers=preflight).headers["access-control-allow-origin"] == "https://console.example"


@pytest.mark.parametrize(("backend", "checks"), [
    ("elasticsearch", {"elasticsearch": "unreachable", "kafka": "unreachable"}),
    ("local", {"kafka": "unreachable"}),   # the embedded index is a folder, not a server
])
def test_health_is_public_and_reports_unreachable_dependencies(tmp_path: Path, backend: str,
                                                               checks: dict[str, str]) -> None:
    with TestClient(create_api(api_settings(tmp_path, search_backend=backend))) as client:
        answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json() == {"status": "degraded", "checks": checks}
