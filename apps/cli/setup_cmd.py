"""`mediamon setup`: the docker-compose setup service (topics, index templates, users, Kibana objects)."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request

import click

from mediamon import stack
from mediamon.elastic import load_templates, sync_client
from mediamon.elastic import setup as setup_elasticsearch
from mediamon.elastic.kibana import import_saved_objects
from mediamon.elastic.security import ensure_roles_and_users
from mediamon.errors import MediamonError
from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings


def _wait_for_kibana(settings: Settings, timeout: float = 600) -> None:
    """Kibana takes minutes to start on a fresh volume; the import needs it up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(settings.kibana_url.rstrip("/") + "/api/status", timeout=5):
                return
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                return
        except OSError:
            pass
        time.sleep(5)
    raise MediamonError(f"Kibana at {settings.kibana_url} did not answer within {timeout:.0f} s")


@click.command("setup")
@click.option("--kibana/--no-kibana", default=False, help="also import the Kibana saved objects")
@click.pass_obj
def setup(settings: Settings, kibana: bool) -> None:
    """Create topics, install the index templates/alias and (optionally) the Kibana objects."""
    try:
        stack.wait_until_up(settings, timeout=300)
        created = ensure_topics(settings)
        es = sync_client(settings)
        if settings.kibana_system_password is not None:
            # Kibana logs in as the built-in kibana_system user, whose password only the API can set.
            es.security.change_password(username="kibana_system",
                                        password=settings.kibana_system_password.get_secret_value())
        if settings.search_backend == "elasticsearch":
            setup_elasticsearch(es, load_templates(settings))
        ensure_roles_and_users(es, settings)
        if kibana:
            _wait_for_kibana(settings)
            import_saved_objects(settings)
    except MediamonError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"setup done (topics created: {', '.join(created) or 'none'})")


def register(cli: click.Group) -> None:
    cli.add_command(setup)
