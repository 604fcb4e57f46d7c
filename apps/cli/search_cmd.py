"""`mediamon search`, `mediamon es setup`, `mediamon kibana import` and `mediamon api`."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import click
from elasticsearch import TransportError

from mediamon import metrics
from apps.cli.filters import filter_options, filter_values, search_errors
from mediamon.elastic import load_templates, setup, sync_client
from mediamon.elastic.kibana import import_saved_objects
from mediamon.errors import MediamonError
from mediamon.search import SearchParams, SearchResult, open_search
from mediamon.settings import Settings

_TAG = re.compile(r"</?em>")


def _run_search(settings: Settings, params: SearchParams) -> SearchResult:
    async def go() -> SearchResult:
        backend = open_search(settings)
        try:
            return await backend.search(params)
        finally:
            await backend.close()

    return asyncio.run(go())


def _show(hit: dict[str, Any], color: bool) -> str:
    def mark(snippet: str) -> str:
        if color:
            return snippet.replace("<em>", "\x1b[1;33m").replace("</em>", "\x1b[0m")
        return _TAG.sub(lambda m: "]" if m.group().startswith("</") else "[", snippet)

    title = hit["highlight"].get("title", [hit.get("title", "")])[0]
    lines = [f"{str(hit.get('published', ''))[:16]}  {hit.get('source', '')}  [{hit.get('lang', '')}]  "
             f"{', '.join(hit.get('entities') or []) or '-'}",
             f"  {mark(title)}", f"  {hit.get('url', '')}"]
    lines += [f"  … {mark(snippet)} …" for snippet in hit["highlight"].get("text", [])[:2]]
    return "\n".join(lines)


@click.command("search")
@click.argument("query", default="*")
@filter_options
@click.option("--sort", type=click.Choice(["date", "relevance", "fetched"]), default="date", show_default=True)
@click.option("--size", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--after", help="Cursor printed after the previous page: continue from there")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit (with its cursor)")
@click.pass_obj
def search(settings: Settings, query: str, as_json: bool, **filters: Any) -> None:
    """Search articles with Lucene syntax: AND/OR/NOT, "phrases", (groups), field:value, wild*."""
    params = SearchParams(q=query, **filter_values(filters))
    with search_errors(settings):
        result = _run_search(settings, params)
    if as_json:
        for hit in result.hits:
            click.echo(json.dumps(hit, ensure_ascii=False, default=str))
        return
    color = click.get_text_stream("stdout").isatty()
    for hit in result.hits:
        click.echo(_show(hit, color) + "\n")
    shown = f"{len(result.hits)} of {result.total}{'' if result.total_is_exact else '+'} articles"
    click.echo(shown + (f"; next page: --after {result.next_cursor}" if result.next_cursor else ""), err=True)


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


@click.command("api")
@click.option("--host", help="Bind address (default: MEDIAMON_API_HOST)")
@click.option("--port", type=int, help="Port (default: MEDIAMON_API_PORT)")
@click.pass_obj
def api(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the HTTP search API (OpenAPI docs at /docs)."""
    import uvicorn

    from apps.api import create_api

    # The bind address also joins the Host names the API answers (apps.api.app.allowed_hosts).
    settings = settings.model_copy(update={"api_host": host or settings.api_host})
    metrics.serve(settings.api_metrics_port, "api")
    uvicorn.run(create_api(settings), host=settings.api_host, port=port or settings.api_port,
                log_level=settings.log_level.lower())


def register(cli: click.Group) -> None:
    for command in (search, es_group, kibana_group, api):
        cli.add_command(command)
