"""`mediamon annotate`: the enrichment the Faust agent runs, offline, on JSON Lines."""

from __future__ import annotations

import json
from typing import TextIO

import click

from processors.enrich.annotate import annotate_lines


@click.command("annotate")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8", errors="surrogateescape"),
              default="-", help="JSON Lines {id, text, title?, lang?} (default: stdin)")
@click.option("--output", "output_file", type=click.File("w", encoding="utf-8"), default="-",
              help="where to write one JSON line per input (default: stdout)")
def annotate(input_file: TextIO, output_file: TextIO) -> None:
    """Detect language, topics and mentions in each line, with no Kafka or Elasticsearch."""
    for result in annotate_lines(input_file):
        output_file.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")


def register(cli: click.Group) -> None:
    cli.add_command(annotate)
