"""`mediamon eval mentions|topics FILE`: quality figures on a labelled JSON Lines file."""

from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Measure detection quality against labelled data (e.g. ../shared/eval/)."""


def register(cli: click.Group) -> None:
    cli.add_command(eval_group)
