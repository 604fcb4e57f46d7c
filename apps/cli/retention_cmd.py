"""`mediamon retention [--months N] [--dry-run]`: delete monthly article indices past their age."""

from __future__ import annotations

import click

from mediamon.retention import apply_retention
from mediamon.settings import Settings


@click.command("retention")
@click.option("--months", type=int, help="keep this many months before the current one "
                                         "(default: MEDIAMON_INDEX_RETENTION_MONTHS)")
@click.option("--dry-run", is_flag=True, help="list what would be deleted, delete nothing")
@click.pass_obj
def retention(settings: Settings, months: int | None, dry_run: bool) -> None:
    """Delete article indices whose month is older than the retention age (run it daily, e.g. cron)."""
    expired = apply_retention(settings, months if months is not None else settings.index_retention_months, dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {len(expired)} indices" + (f": {', '.join(expired)}" if expired else ""))


def register(cli: click.Group) -> None:
    cli.add_command(retention)
