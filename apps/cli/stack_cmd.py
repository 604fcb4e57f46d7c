"""`mediamon stack up|down|status`: the embedded local Kafka + Elasticsearch."""

from __future__ import annotations

import sys

import click

from mediamon import stack
from mediamon.errors import StackError
from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings


@click.group("stack")
def stack_group() -> None:
    """Start, stop or inspect the local stack (noida-db speaking Kafka and Elasticsearch)."""


@stack_group.command("up")
@click.pass_obj
def stack_up(settings: Settings) -> None:
    """Start the stack in the background, wait until both servers answer, create the topics."""
    try:
        current = stack.up(settings)
        ensure_topics(settings)
    except StackError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(current.describe(settings))


@stack_group.command("down")
@click.pass_obj
def stack_down(settings: Settings) -> None:
    """Stop the local stack started by `stack up` (data stays in the data dir)."""
    stopped = stack.down(settings)
    click.echo("stopped" if stopped else "no local stack was running")


@stack_group.command("status")
@click.pass_obj
def stack_status(settings: Settings) -> None:
    """Say whether Kafka and Elasticsearch answer; exit 1 when either is down."""
    current = stack.status(settings)
    click.echo(current.describe(settings))
    sys.exit(0 if current.kafka_up and current.elasticsearch_up else 1)


def register(cli: click.Group) -> None:
    cli.add_command(stack_group)
