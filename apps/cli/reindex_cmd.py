"""`mediamon reindex` and `mediamon reenrich`: rebuild search documents from Kafka
(processors/indexer/reindex.py)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import click

from mediamon.errors import MediamonError
from mediamon.search.params import SearchParamError, parse_when
from mediamon.settings import Settings
from processors.indexer.reindex import Period, ReindexSummary, Source, reindex


def _period(since: str | None, until: str | None) -> Period:
    now = datetime.now(timezone.utc)
    try:
        return Period(parse_when(since, now) if since else None, parse_when(until, now) if until else None)
    except SearchParamError as exc:
        raise click.BadParameter(str(exc)) from exc


def _run(settings: Settings, source: Source, since: str | None, until: str | None) -> None:
    def progress(summary: ReindexSummary) -> None:
        click.echo(summary.line(), err=True)

    try:
        summary = asyncio.run(reindex(settings, source, _period(since, until), progress))
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc
    for reason in summary.reasons:
        click.echo(f"  rejected {reason}", err=True)
    click.echo(summary.line())


_since = click.option("--since", help="articles published at or after: 7d, 24h or an ISO date/time")
_until = click.option("--until", help="articles published before: 7d, 24h or an ISO date/time")


@click.command("reindex")
@_since
@_until
@click.pass_obj
def reindex_command(settings: Settings, since: str | None, until: str | None) -> None:
    """Rebuild search documents from articles.enriched (a lost index, new mappings); idempotent."""
    _run(settings, "enriched", since, until)


@click.command("reenrich")
@_since
@_until
@click.pass_obj
def reenrich_command(settings: Settings, since: str | None, until: str | None) -> None:
    """Enrich articles.raw again with the current gazetteers and rules and rewrite their documents;
    no alert is sent again (documents are written directly, not through Kafka)."""
    _run(settings, "raw", since, until)


def register(cli: click.Group) -> None:
    cli.add_command(reindex_command)
    cli.add_command(reenrich_command)
