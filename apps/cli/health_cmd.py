"""`mediamon health poller|worker`: exit 0 when the role wrote a heartbeat recently and is not stalled
(for healthchecks)."""

from __future__ import annotations

import sys

import click

from mediamon.health import latest
from mediamon.settings import Settings
from processors.app import STAGES


@click.command("health")
@click.argument("role", type=click.Choice(["poller", "worker"]))
@click.option("--max-age", default=90.0, show_default=True, help="seconds since the last heartbeat")
@click.option("--stage", type=click.Choice(STAGES),
              help="only workers running this stage (several stages sharing one data dir)")
@click.pass_obj
def health(settings: Settings, role: str, max_age: float, stage: str | None) -> None:
    """Check the newest heartbeat of ROLE in the data dir."""
    beat = latest(settings, role, stage)
    if beat is None:
        click.echo(f"{role}: no heartbeat{f' of stage {stage}' if stage else ''} in {settings.data_dir}", err=True)
        sys.exit(1)
    if beat.age() > max_age:
        click.echo(f"{role}: last heartbeat {beat.age():.0f} s ago (pid {beat.pid})", err=True)
        sys.exit(1)
    # The worker reports how long it has had lag without committing, or no partition at all
    # (processors/liveness.py); it exits itself at the limit, this covers one that cannot.
    stalled = float(beat.details.get("stalled_seconds", 0.0))
    if stalled >= settings.worker_stall_seconds:
        click.echo(f"{role}: no progress for {stalled:.0f} s (lag without commits or no partitions; "
                   f"pid {beat.pid})", err=True)
        sys.exit(1)
    click.echo(f"{role}: alive (pid {beat.pid}, {beat.age():.0f} s ago) {beat.details}")


def register(cli: click.Group) -> None:
    cli.add_command(health)
