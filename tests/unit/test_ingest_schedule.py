"""Polling schedule: busy feeds more often, quiet ones less, errors back off, servers are obeyed."""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest

from ingest.schedule import (
    FIRST_INTERVAL,
    backoff,
    next_interval,
    observed_rate,
    retry_after,
)

LOW, HIGH = 60.0, 3600.0


@pytest.mark.parametrize(("rate", "override", "expected"), [
    (None, None, FIRST_INTERVAL),
    (120.0, None, LOW),  # two entries a minute: as often as allowed
    (6.0, None, 600.0),  # six an hour: every ten minutes
    (0.04, None, HIGH),  # one a day: once an hour
    (0.0, None, HIGH),
    (120.0, 900.0, 900.0),  # the feed list's interval wins
])
def test_interval_follows_the_entry_rate(rate, override, expected) -> None:
    assert next_interval(rate, override, LOW, HIGH) == expected


def test_rate_is_a_moving_average_of_new_entries_per_hour() -> None:
    assert observed_rate(None, 5, None) is None
    assert observed_rate(None, 5, 3600) == 5.0
    assert observed_rate(10.0, 0, 3600) == pytest.approx(7.0)
    assert observed_rate(10.0, 1, 1) == pytest.approx(10.0 + 0.3 * (60 - 10)), "elapsed counts as at least a minute"


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    for errors, base in [(1, 60), (2, 120), (3, 240), (4, 480), (10, HIGH)]:
        waits = {backoff(errors, LOW, HIGH, rng) for _ in range(50)}
        assert all(base / 2 <= wait <= base for wait in waits)
        assert len(waits) > 1, "jitter spreads retries"


def test_retry_after_seconds_and_http_dates() -> None:
    assert retry_after("120") == 120.0
    assert retry_after(formatdate(1_000_300, usegmt=True), now=1_000_000) == pytest.approx(300)
    assert retry_after(formatdate(999_000, usegmt=True), now=1_000_000) == 0.0
    assert retry_after("99999999") == 86400.0
    assert retry_after("soon") is None and retry_after(None) is None
