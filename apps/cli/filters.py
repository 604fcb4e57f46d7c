"""The search filters as click options, and search errors as click errors: shared by `mediamon
search` and `mediamon stories`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from elasticsearch import ApiError, TransportError

from mediamon.errors import MediamonError
from mediamon.query import QuerySyntaxError
from mediamon.settings import Settings

FILTER_OPTIONS = (
    click.option("--entity", multiple=True, help="Entity id (repeatable), e.g. CSTO, SMO"),
    click.option("--lang", multiple=True, help="Language code (repeatable)"),
    click.option("--topic", multiple=True, help="IPTC topic id (repeatable)"),
    click.option("--source", multiple=True, help="Source name (repeatable)"),
    click.option("--country", multiple=True, help="Country code (repeatable)"),
    click.option("--framing", multiple=True, help="Mention framing (repeatable), e.g. kremlin, war"),
    click.option("--since", help="Published at or after: 24h, 7d, 2w or an ISO date/time"),
    click.option("--until", help="Published at or before: same forms as --since"),
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(FILTER_OPTIONS):
        command = option(command)
    return command


def filter_values(options: dict[str, Any]) -> dict[str, Any]:
    """Repeated options arrive as tuples; the search parameters take lists."""
    return {name: list(value) if isinstance(value, tuple) else value for name, value in options.items()}


@contextmanager
def search_errors(settings: Settings) -> Iterator[None]:
    """A bad query is a usage error; a failing engine says which and what to check."""
    try:
        yield
    except QuerySyntaxError as exc:
        raise click.UsageError(str(exc)) from exc
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc
    except (ApiError, TransportError) as exc:
        raise click.ClickException(f"Elasticsearch at {settings.es_url} failed: {exc} "
                                   "(is it up, and has `mediamon es setup` run?)") from exc
