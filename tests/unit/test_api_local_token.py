"""`mediamon run`'s admin token: created once, readable only by its owner, accepted by the API."""

from __future__ import annotations

import stat
from pathlib import Path

from apps.api.local_token import ensure_local_admin_token, local_token_path
from apps.api.tokens import Role, TokenStore, tokens_path
from mediamon.settings import Settings


def test_first_run_creates_and_prints_the_token_later_runs_only_point_to_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = ensure_local_admin_token(settings)
    token = local_token_path(settings).read_text().strip()
    assert token in first and "Authorization: Bearer" in first and "/search?q=" in first
    assert stat.S_IMODE(local_token_path(settings).stat().st_mode) == 0o600
    principal = TokenStore(tokens_path(settings)).verify(token)
    assert principal is not None and principal.role is Role.admin
    again = ensure_local_admin_token(settings)
    assert token not in again and str(local_token_path(settings)) in again
    assert len(TokenStore(tokens_path(settings)).entries()) == 1
