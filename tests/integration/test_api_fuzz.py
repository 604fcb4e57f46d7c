"""Fuzzing the subscriptions API's JSON inputs with hypothesis on the real server and Kafka: no 500s."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediamon.settings import Settings
from tests.integration.api_server import running_api

pytestmark = pytest.mark.integration
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                     st.text(max_size=40), st.sampled_from(["https://hooks.example/x", "digest", "25:99", "Mars/Olympus",
                                                            "((", "entity:CSTO", "x@example.org", "1:2", "-1h"]))
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4))
_FIELDS = st.sampled_from(["name", "owner", "entities", "languages", "query", "mode", "every", "at", "tz", "factor",
                           "min_count", "window", "updates", "max_per_minute", "webhooks", "secret", "emails",
                           "slacks", "telegrams", "unknown"])
_BODIES = st.one_of(st.dictionaries(_FIELDS, _VALUES, max_size=10),
                    st.fixed_dictionaries({"name": st.text(max_size=30), "webhooks": st.just(["https://h.example/a"])},
                                          optional={"query": st.text(max_size=40), "mode": _SCALARS,
                                                    "every": _SCALARS, "at": _SCALARS, "tz": _SCALARS}),
                    _VALUES)


def test_subscription_json_never_gives_a_500(stack_settings: Settings) -> None:
    with running_api(stack_settings.model_copy(update={"api_max_subscriptions_per_owner": 10**6,
                                                       "api_rate_burst": 10**6})) as api:
        editor = api.token("fuzzer", "editor")

        @FUZZ
        @given(body=_BODIES, sub_id=st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s))
        def check(body: object, sub_id: str) -> None:
            status, answer = api.call("POST", "/alerts/subscriptions", body, token=editor)
            assert status in (201, 400, 422), (status, answer)
            path = f"/alerts/subscriptions/{quote(sub_id, safe='')}"
            assert api.call("GET", path, token=editor)[0] in (200, 404)

        check()
