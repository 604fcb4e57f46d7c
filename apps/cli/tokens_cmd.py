"""`mediamon tokens add | list | revoke`: bearer tokens for the HTTP API (a local admin tool)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mediamon.settings import Settings

if TYPE_CHECKING:
    from apps.api.tokens import TokenStore


def _store(settings: Settings) -> TokenStore:
    """Imported late: loading the API package (FastAPI) would slow every other command."""
    from apps.api.tokens import TokenStore, tokens_path

    return TokenStore(tokens_path(settings))


@click.group("tokens")
def tokens_group() -> None:
    """API bearer tokens (viewer: search; editor: + own alert subscriptions; admin: everything)."""


@tokens_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), required=True)
@click.pass_obj
def add(settings: Settings, name: str, role: str) -> None:
    """Create a token for NAME and print it once (only its hash is kept)."""
    from apps.api.tokens import Role

    token = _store(settings).add(name, Role[role])
    click.echo(token)
    click.echo(f"token for {name!r} ({role}); it is shown only now. Use it as "
               f"`Authorization: Bearer <token>`.", err=True)


@tokens_group.command("list")
@click.pass_obj
def list_tokens(settings: Settings) -> None:
    """Names, roles and creation times (never the tokens)."""
    for entry in _store(settings).entries():
        click.echo(f"{entry.name}\t{entry.role}\t{entry.created}")


@tokens_group.command("revoke")
@click.argument("name")
@click.pass_obj
def revoke(settings: Settings, name: str) -> None:
    """Delete NAME's token; a running API refuses it from its next request."""
    _store(settings).revoke(name)
    click.echo(f"revoked {name}")


def register(cli: click.Group) -> None:
    cli.add_command(tokens_group)
