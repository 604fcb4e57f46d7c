"""`mediamon worker`: run the Faust worker (enrich, index, alerts) until SIGINT/SIGTERM."""

from __future__ import annotations

import click
import faust

from mediamon.settings import Settings
from processors.app import create_app


@click.command("worker")
@click.pass_obj
def worker(settings: Settings) -> None:
    """Run the stream processors; scale out by starting more workers with the same settings."""
    app = create_app(settings)
    # faust's Worker installs SIGINT/SIGTERM handlers that stop agents, commit and leave the group.
    faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True).execute_from_commandline()


def register(cli: click.Group) -> None:
    cli.add_command(worker)
