"""`mediamon backup create | list | restore`: Elasticsearch snapshots, or the local data dir's files,
whichever `MEDIAMON_SEARCH_BACKEND` names (mediamon/backup/)."""

from __future__ import annotations

import click

from mediamon.backup import elastic, local, subscriptions
from mediamon.errors import MediamonError
from mediamon.settings import Settings

REFILL_HINT = ("articles indexed after the backup are still on Kafka for its retention: "
               "run `mediamon reindex` (idempotent) to add them back")


@click.group("backup")
def backup() -> None:
    """Back up and restore the search index and state (snapshots on Elasticsearch, files locally)."""


@backup.command("create")
@click.argument("name", required=False)
@click.pass_obj
def create(settings: Settings, name: str | None) -> None:
    """Take a backup now (NAME defaults to the UTC time); safe while the pipeline runs."""
    name = name or local.default_name()
    try:
        if settings.search_backend == "elasticsearch":
            snapshot = elastic.create(settings, name)
            click.echo(f"snapshot {name} of {len(snapshot['indices'])} indices in repository "
                       f"{settings.es_snapshot_repository}")
        else:
            click.echo(f"backup {local.create(settings, name).line()} in {settings.backup_dir}")
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc


@backup.command("list")
@click.pass_obj
def list_backups(settings: Settings) -> None:
    """The backups there are, oldest first."""
    try:
        if settings.search_backend == "elasticsearch":
            for snapshot in elastic.list_snapshots(settings):
                click.echo(f"{snapshot['snapshot']}  {snapshot.get('start_time', '?')}  {snapshot.get('state', '?')}  "
                           f"{len(snapshot['indices'])} indices")
        else:
            for manifest in local.list_backups(settings):
                click.echo(manifest.line())
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc


@backup.command("restore")
@click.argument("name")
@click.option("--replace", is_flag=True, help="Elasticsearch: delete existing indices of the snapshot first")
@click.pass_obj
def restore(settings: Settings, name: str, replace: bool) -> None:
    """Restore backup NAME (locally: stop the worker and poller first)."""
    try:
        if settings.search_backend == "elasticsearch":
            click.echo(f"restored {', '.join(elastic.restore(settings, name, replace)) or 'no indices'}")
        else:
            click.echo(f"restored {local.restore(settings, name).line()}")
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(REFILL_HINT)


@backup.command("subscriptions")
@click.option("--export", "export_to", type=click.File("w", encoding="utf-8"), help="write them to this file (- = stdout)")
@click.option("--import", "import_from", type=click.File("r", encoding="utf-8"), help="write back the ones that differ")
@click.pass_obj
def subscriptions_command(settings: Settings, export_to: click.utils.LazyFile | None,
                          import_from: click.utils.LazyFile | None) -> None:
    """Export or import the alert subscriptions topic as JSON Lines (kept sealed; same secrets key)."""
    if (export_to is None) == (import_from is None):
        raise click.UsageError("give exactly one of --export FILE and --import FILE")
    try:
        if export_to is not None:
            count = sum(1 for line in subscriptions.export_lines(settings) if export_to.write(line + "\n"))
            click.echo(f"exported {count} records", err=True)
        else:
            written, unchanged = subscriptions.import_lines(settings, import_from)
            click.echo(f"imported {written} | unchanged {unchanged}")
    except (MediamonError, ValueError, KeyError) as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


def register(cli: click.Group) -> None:
    cli.add_command(backup)
