"""`mediamon stories --input FILE`: which articles of a JSON Lines file tell the same story."""

from __future__ import annotations

import json
from typing import TextIO

import click


@click.command("stories")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8", errors="surrogateescape"),
              required=True, help='JSON Lines {"id","lang"?,"published","title"?,"text"} ("-" for stdin)')
@click.option("--output", "output_file", type=click.File("w", encoding="utf-8"), default="-",
              help="one JSON line per input line, in input order (default: stdout)")
@click.pass_obj
def stories(settings, input_file: TextIO, output_file: TextIO) -> None:  # type: ignore[no-untyped-def]
    """Cluster articles into stories across languages, offline, with the stream's code."""
    from datetime import timedelta

    from processors.stories.offline import cluster_lines

    horizon = timedelta(days=settings.stories_horizon_days)
    for result in cluster_lines(input_file, horizon=horizon, threshold=settings.stories_threshold):
        output_file.write(json.dumps(result, ensure_ascii=False) + "\n")


def register(cli: click.Group) -> None:
    cli.add_command(stories)
