"""`mediamon stories`: the largest or fastest-spreading stories for a query and period, or, with
`--input FILE`, which articles of a JSON Lines file tell the same story (offline, the stream's code)."""

from __future__ import annotations

import json
from typing import Any, TextIO

import click

from apps.cli.filters import filter_options, filter_values, search_errors
from mediamon.settings import Settings


def _lag(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"+{hours}h{rest // 60:02d}"


def _show(rank: int, story: Any) -> str:
    lines = [f"{rank}. {story.size} articles in {len(story.languages)} languages ({', '.join(story.languages)}), "
             f"{story.reprints_24h} within 24 h, {story.crediting_origin} credit the origin  [story:{story.story_id}]"]
    for article in story.articles:
        when = "origin" if article.id == story.origin.id else _lag(article.lag_seconds)
        credit = "  (credits the origin)" if article.credits_origin else ""
        lines.append(f"   {when:>7}  {article.published:%Y-%m-%d %H:%M}  {article.source} [{article.lang}]  "
                     f"{article.title}{credit}")
    return "\n".join(lines)


def _list(settings: Settings, params: Any) -> Any:
    import asyncio

    from mediamon.search import open_search
    from mediamon.search.stories import list_stories

    async def go() -> Any:
        backend = open_search(settings)
        try:
            return await list_stories(backend, params)
        finally:
            await backend.close()

    return asyncio.run(go())


@click.command("stories")
@click.argument("query", default="*")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8", errors="surrogateescape"),
              help='Offline: cluster JSON Lines {"id","lang"?,"published","title"?,"text"} ("-" for stdin)')
@click.option("--output", "output_file", type=click.File("w", encoding="utf-8"), default="-",
              help="With --input: one JSON line per input line, in input order (default: stdout)")
@filter_options
@click.option("--sort", type=click.Choice(["size", "speed"]), default="size", show_default=True,
              help="size: largest first; speed: most reprints within 24 h of the origin first")
@click.option("--size", type=click.IntRange(1, 100), default=10, show_default=True, help="How many stories")
@click.option("--json", "as_json", is_flag=True, help="The API's JSON (GET /stories)")
@click.pass_obj
def stories(settings: Settings, query: str, input_file: TextIO | None, output_file: TextIO, as_json: bool,
            **filters: Any) -> None:
    """The stories that articles matching QUERY belong to, across languages, with origin, lags and credits."""
    if input_file is not None:
        _cluster_file(settings, input_file, output_file)
        return
    from mediamon.search.stories import StoriesParams

    params = StoriesParams(q=query, **filter_values(filters))
    with search_errors(settings):
        result = _list(settings, params)
    if as_json:
        click.echo(result.model_dump_json())
        return
    for rank, story in enumerate(result.stories, start=1):
        click.echo(_show(rank, story))
    if not result.complete:
        click.echo(f"(looked at the newest {result.scanned} of {result.matching_total} matching articles)", err=True)


def _cluster_file(settings: Settings, input_file: TextIO, output_file: TextIO) -> None:
    from datetime import timedelta

    from processors.stories.offline import cluster_lines

    horizon = timedelta(days=settings.stories_horizon_days)
    for result in cluster_lines(input_file, horizon=horizon, threshold=settings.stories_threshold):
        output_file.write(json.dumps(result, ensure_ascii=False) + "\n")


def register(cli: click.Group) -> None:
    cli.add_command(stories)
