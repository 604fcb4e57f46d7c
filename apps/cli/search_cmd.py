"""`mediamon search`: a query with filters on the configured search backend, as text or JSON."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import click

from apps.cli.filters import filter_options, filter_values, search_errors
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


def register(cli: click.Group) -> None:
    cli.add_command(search)
