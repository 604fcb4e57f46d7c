"""API access against the real server and Kafka: 401 without a token, 403 for the wrong role,
editors confined to their own subscriptions, revokes effective at once, tokens never logged."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from apps.api import create_api
from mediamon.settings import Settings
from tests.integration.api_server import PUBLIC_PATHS, Api, api_routes, concrete, running_api

pytestmark = pytest.mark.integration
WEBHOOK = {"webhooks": ["https://hooks.example/x"]}


@pytest.fixture()
def api(stack_settings: Settings) -> Iterator[Api]:
    with running_api(stack_settings, log_level="debug") as running:
        yield running


def test_every_route_without_a_valid_token_is_401(api: Api) -> None:
    for method, path in api_routes(create_api(api.settings)):
        if path not in PUBLIC_PATHS:
            assert api.call(method, concrete(path), {}, token=None)[0] == 401, (method, path)
            assert api.call(method, concrete(path), {}, token="mm_forged")[0] == 401, (method, path)


def test_roles_and_ownership(api: Api) -> None:
    viewer, alice, bob = api.token("viewer", "viewer"), api.token("alice", "editor"), api.token("bob", "editor")
    assert api.call("GET", "/alerts/subscriptions", token=viewer)[0] == 403
    assert api.call("POST", "/alerts/subscriptions", {"name": "x", **WEBHOOK}, token=viewer)[0] == 403
    assert api.call("GET", "/tokens", token=alice)[0] == 403

    status, created = api.call("POST", "/alerts/subscriptions", {"name": "mine", "owner": "bob", **WEBHOOK},
                               token=alice)
    assert status == 201 and created["owner"] == "alice"
    sub = f"/alerts/subscriptions/{created['id']}"
    assert api.call("GET", "/alerts/subscriptions", token=bob) == (200, [])
    for method, path in (("GET", sub), ("POST", f"{sub}/pause"), ("POST", f"{sub}/resume"), ("DELETE", sub)):
        assert api.call(method, path, token=bob)[0] == 404, (method, path)
    assert api.call("GET", sub, token=alice)[1]["paused"] is False

    assert api.call("POST", f"{sub}/pause")[1]["paused"] is True
    assert [s["id"] for s in api.call("GET", "/alerts/subscriptions")[1]] == [created["id"]]
    assert api.call("DELETE", sub, token=alice)[0] == 200
    assert api.call("GET", sub)[0] == 404


def test_a_revoked_token_is_refused_within_seconds(api: Api) -> None:
    token = api.token("leaving", "viewer")
    assert api.call("GET", "/facets", token=token, q="*")[0] != 401
    api.revoke("leaving")
    deadline = time.monotonic() + 5
    while api.call("GET", "/facets", token=token, q="*")[0] != 401:
        assert time.monotonic() < deadline, "revoked token still accepted after 5 s"
        time.sleep(0.2)


def test_tokens_never_appear_in_the_api_log(api: Api) -> None:
    good = api.token("logged", "editor")
    api.call("GET", "/alerts/subscriptions", token=good)
    api.call("GET", "/search", token=good, q="((")
    api.call("GET", "/tokens", token=good)
    api.call("GET", "/search", token="mm_wrong-token-in-the-log")
    api.call("GET", "/tokens")
    log = api.log_text()
    assert "GET /tokens" in log or "/tokens" in log, "the API's log was not captured"
    for token in (good, "mm_wrong-token-in-the-log", api.admin_token):
        assert token not in log


def test_health_needs_no_token_and_reports_ready(api: Api) -> None:
    assert api.call("GET", "/health", token=None) == (200, {"status": "ok", "checks": {"elasticsearch": "ok",
                                                                                        "kafka": "ok"}})


def test_subscriptions_per_owner_are_limited(stack_settings: Settings) -> None:
    with running_api(stack_settings.model_copy(update={"api_max_subscriptions_per_owner": 1})) as api:
        editor = api.token("limited", "editor")
        assert api.call("POST", "/alerts/subscriptions", {"name": "one", **WEBHOOK}, token=editor)[0] == 201
        status, body = api.call("POST", "/alerts/subscriptions", {"name": "two", **WEBHOOK}, token=editor)
        assert status == 400 and "the limit is 1" in body["detail"]
        assert api.call("POST", "/alerts/subscriptions", {"name": "other's", **WEBHOOK})[0] == 201
