"""`mediamon import`: backfill an archive of articles through the pipeline."""

from __future__ import annotations

import asyncio
import shutil
import sys
import time

import click

from ingest.importer import ImportSummary, import_lines
from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings
from mediamon.status import in_place


@click.command("import")
@click.option("--input", "source", type=click.File("r", encoding="utf-8"), required=True,
              help='JSON Lines of {"url", "title"?, "text", "published", "source"?, "lang"?}; - for standard input')
@click.pass_obj
def import_articles(settings: Settings, source: click.utils.LazyFile) -> None:
    """Publish archived articles to articles.raw like polled ones (same ids, dedup, enrichment, index)."""
    ensure_topics(settings)
    tty = sys.stderr.isatty()
    started = time.monotonic()
    last = [0.0]

    def progress(summary: ImportSummary) -> None:
        now = time.monotonic()
        if now - last[0] < (0.2 if tty else 10):
            return
        last[0] = now
        line = f"{summary.line()} | {summary.read / max(now - started, 1e-9):,.0f} lines/s"
        click.echo(in_place(line, shutil.get_terminal_size().columns) if tty else line, err=True, nl=not tty)

    summary = asyncio.run(import_lines(settings, source, getattr(source, "name", "stdin"), progress))
    if tty:
        click.echo("", err=True)
    for error in summary.errors:
        click.echo(f"  {error}", err=True)
    click.echo(summary.line())
    if summary.not_acknowledged:
        sys.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(import_articles)
