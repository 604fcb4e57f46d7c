"""The subscriptions HTTP API on a real uvicorn server and the real local Kafka."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.api_server import Api, running_api

pytestmark = pytest.mark.integration
SECRET = "api-secret-0123456789"


@pytest.fixture()
def api(stack_settings: Settings) -> Iterator[Api]:
    with running_api(stack_settings) as running:
        yield running


def test_subscription_lifecycle_over_http_is_seen_by_the_cli(api: Api, stack_settings: Settings) -> None:
    status, created = api.call("POST", "/alerts/subscriptions", {
        "name": "CSTO in Russian", "entities": ["CSTO"], "languages": ["ru"],
        "webhooks": ["https://hooks.example/csto"], "secret": SECRET, "emails": ["desk@example.org"]})
    assert status == 201 and created["channels"][0]["secret"] == "****"
    sub_id = created["id"]

    assert api.call("POST", f"/alerts/subscriptions/{sub_id}/pause")[1]["paused"] is True
    status, listed = api.call("GET", "/alerts/subscriptions")
    assert status == 200 and [s["id"] for s in listed] == [sub_id] and listed[0]["paused"] is True
    assert SECRET not in json.dumps(listed)
    shown = run_mediamon(stack_settings, "alerts", "list")
    assert sub_id in shown.stdout and "paused" in shown.stdout and SECRET not in shown.stdout

    assert api.call("DELETE", f"/alerts/subscriptions/{sub_id}")[0] == 200
    assert api.call("GET", f"/alerts/subscriptions/{sub_id}")[0] == 404


def test_invalid_subscription_is_refused_with_the_reason(api: Api) -> None:
    status, body = api.call("POST", "/alerts/subscriptions", {
        "name": "broken", "query": "entity:CSTO AND (", "webhooks": ["https://hooks.example/x"]})
    assert status == 400 and "bad query" in body["detail"]
