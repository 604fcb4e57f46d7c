"""`mediamon es setup` and `mediamon kibana import`: index templates and Kibana objects, one at a time
(`mediamon setup` does both and more)."""

from __future__ import annotations

import click
from elasticsearch import TransportError

from mediamon.elastic import load_templates, setup, sync_client
from mediamon.elastic.kibana import import_saved_objects
from mediamon.errors import MediamonError
from mediamon.settings import Settings


@click.group("es")
def es_group() -> None:
    """Elasticsearch index templates and indices."""


@es_group.command("setup")
@click.pass_obj
def es_setup(settings: Settings) -> None:
    """Install or upgrade the articles templates and create this month's index (idempotent)."""
    with sync_client(settings) as es:
        try:
            actions = setup(es, load_templates(settings))
        except MediamonError as exc:
            raise click.ClickException(str(exc)) from exc
        except TransportError as exc:
            raise click.ClickException(f"cannot reach Elasticsearch at {settings.es_url}: {exc}") from exc
    click.echo("\n".join(actions) or "already up to date")


@click.group("kibana")
def kibana_group() -> None:
    """Kibana saved objects."""


@kibana_group.command("import")
@click.option("--url", help="Kibana base URL (default: MEDIAMON_KIBANA_URL)")
@click.pass_obj
def kibana_import(settings: Settings, url: str | None) -> None:
    """Import the data view, saved searches and dashboard from deploy/kibana (overwrites by id)."""
    summary = import_saved_objects(settings, url)
    click.echo(f"imported {summary.get('successCount', 0)} saved objects")


def register(cli: click.Group) -> None:
    cli.add_command(es_group)
    cli.add_command(kibana_group)
