"""API tokens: shown once, stored only as a hash in a 0600 file, revocable without a restart."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from apps.api.tokens import Principal, Role, TokenError, TokenStore


def test_a_token_is_stored_only_as_a_hash_in_an_owner_only_file(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    token = store.add("alice", Role.editor)
    assert token.startswith("mm_") and len(token) > 40
    assert token not in store.path.read_text()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.verify(token) == Principal("alice", Role.editor)
    assert store.verify(token + "x") is None and store.verify("") is None


def test_revoke_is_seen_by_another_store_reading_the_same_file(tmp_path: Path) -> None:
    writer, api = TokenStore(tmp_path / "t.json"), TokenStore(tmp_path / "t.json")
    token = writer.add("bob", Role.viewer)
    assert api.verify(token) is not None
    writer.revoke("bob")
    assert api.verify(token) is None
    with pytest.raises(TokenError):
        writer.revoke("bob")


def test_names_are_unique_and_the_bootstrap_admin_name_is_reserved(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "t.json")
    store.add("carol", Role.admin)
    for taken in ("carol", "admin", " "):
        with pytest.raises(TokenError):
            store.add(taken, Role.viewer)
    assert [e.name for e in store.entries()] == ["carol"]


def test_the_cli_prints_a_token_once_and_lists_without_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from apps.cli import cli

    monkeypatch.setenv("MEDIAMON_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    added = runner.invoke(cli, ["tokens", "add", "desk", "--role", "viewer"])
    token = added.stdout.splitlines()[0]
    assert added.exit_code == 0 and token.startswith("mm_")
    listed = runner.invoke(cli, ["tokens", "list"])
    assert listed.stdout.startswith("desk\tviewer\t") and token not in listed.stdout
    assert runner.invoke(cli, ["tokens", "revoke", "desk"]).exit_code == 0
    again = runner.invoke(cli, ["tokens", "revoke", "desk"])
    assert again.exit_code == 1 and "no token named 'desk'" in again.output
