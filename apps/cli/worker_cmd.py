"""`mediamon worker [--stage …]`: run the Faust worker until SIGINT/SIGTERM."""

from __future__ import annotations

import click
import faust

from mediamon import metrics
from mediamon.settings import Settings
from processors.app import ALL, STAGES, create_app


@click.command("worker")
@click.option("--stage", type=click.Choice(STAGES), default=ALL, show_default=True,
              help="run one stage as its own consumer group (enrich, index, alerts), or all in one process")
@click.pass_obj
def worker(settings: Settings, stage: str) -> None:
    """Run the stream processors; scale out by starting more workers with the same settings.

    Separate stages keep a backlog in one from starving another and use one core each.
    """
    app = create_app(settings, stage)
    metrics.serve(settings.metrics_port, f"worker {stage}")
    # faust's Worker installs SIGINT/SIGTERM handlers that stop agents, commit and leave the group.
    faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True).execute_from_commandline()


def register(cli: click.Group) -> None:
    cli.add_command(worker)
