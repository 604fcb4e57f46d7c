"""Which monthly indices retention deletes."""

from __future__ import annotations

from datetime import datetime, timezone

from mediamon.retention import expired_indices

NOW = datetime(2026, 12, 4, tzinfo=timezone.utc)


def test_only_months_past_the_age_of_our_alias_expire() -> None:
    names = ["articles-2025.10", "articles-2025.11", "articles-2026.12", "articles-2019.01",
             "other-articles-2019.01", "articles-2019.01-restored", "articlesx-2019.01"]
    # 13 months before December 2026 is November 2025: kept; October 2025 goes.
    assert expired_indices(names, "articles", 13, NOW) == ["articles-2019.01", "articles-2025.10"]


def test_zero_months_keeps_only_the_current_month() -> None:
    assert expired_indices(["articles-2026.11", "articles-2026.12"], "articles", 0, NOW) == ["articles-2026.11"]
