"""`mediamon poll`: the feed poller, publishing new articles to articles.raw."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from apps.cli.feeds_cmd import FEEDS_OPTION
from mediamon.settings import Settings


@click.command("poll")
@FEEDS_OPTION
@click.option("--once", is_flag=True, help="poll every enabled feed once, wait for Kafka's acks, exit")
@click.pass_obj
def poll(settings: Settings, feeds_file: Path | None, once: bool) -> None:
    """Poll feeds and publish new articles to articles.raw (forever, until Ctrl-C, unless --once)."""
    from ingest.poller import run_poller

    status = run_poller(settings, feeds_file, once=once)
    sys.exit(status)


def register(cli: click.Group) -> None:
    cli.add_command(poll)
