"""`mediamon feeds import|export|check`: the feed list, and one feed as the poller sees it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from mediamon.settings import Settings

FEEDS_OPTION = click.option("--feeds", "feeds_file", type=click.Path(dir_okay=False, path_type=Path),
                            default=None, help="feed list YAML (default: MEDIAMON_FEEDS_FILE or the bundled list)")


@click.group("feeds")
def feeds() -> None:
    """Manage and check the feed list."""


@feeds.command("import")
@click.argument("opml_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the YAML feed list here (default: stdout)")
def import_opml(opml_file: Path, output: Path | None) -> None:
    """Convert an OPML subscription list into a mediamon feed list (YAML)."""
    from ingest.feeds import dump_feeds
    from ingest.opml import read_opml

    text = dump_feeds(read_opml(opml_file.read_bytes(), str(opml_file)))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@feeds.command("export")
@FEEDS_OPTION
@click.pass_obj
def export_opml(settings: Settings, feeds_file: Path | None) -> None:
    """Print the feed list as OPML for any feed reader."""
    from ingest.feeds import load_feeds
    from ingest.opml import write_opml

    feed_list = load_feeds(feeds_file or settings.feeds_file, settings)
    click.echo(write_opml(feed_list.feeds), nl=False)


@feeds.command("check")
@click.argument("url")
@click.option("--allow-private-networks", is_flag=True, help="allow loopback/private addresses (tests, local servers)")
@click.pass_obj
def check(settings: Settings, url: str, allow_private_networks: bool) -> None:
    """Fetch one feed and print what the poller would see; exit 1 with the reason if unusable."""
    from ingest.check import check_feed
    from processors.language import detect_language

    try:
        report = asyncio.run(check_feed(settings, url, allow_private_networks,
                                        lambda title, text: detect_language(title, text).lang))
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for line in report.lines():
        click.echo(line)
    if report.problem:
        click.echo(f"cannot use {url}: {report.problem}", err=True)
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Adds this module's commands to `mediamon`."""
    cli.add_command(feeds)
