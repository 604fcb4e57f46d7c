"""`mediamon eval mentions|topics FILE`: quality figures on a labelled JSON Lines file."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("eval")
def eval_group() -> None:
    """Measure detection quality against labelled data (e.g. ../shared/eval/)."""


@eval_group.command("mentions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_mentions(path: Path) -> None:
    """P/R/F1 of CSTO/SMO mentions per entity, language and overall, then every error."""
    from processors.mentions.evaluation import evaluate, format_report

    click.echo(format_report(evaluate(path)))


def register(cli: click.Group) -> None:
    cli.add_command(eval_group)
