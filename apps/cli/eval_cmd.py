"""`mediamon eval mentions|topics|language|citations|stories FILE`: quality figures on a labelled JSON Lines file."""

from __future__ import annotations

from pathlib import Path

import click



@click.group("eval")
def eval_group() -> None:
    """Measure detection quality against labelled data (e.g. ../shared/eval/)."""


@eval_group.command("mentions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_mentions(path: Path) -> None:
    """P/R/F1 of CSTO/SMO mentions per entity, language and overall, then every error."""
    from processors.evaluation.mentions import evaluate, format_report

    click.echo(format_report(evaluate(path)))


@eval_group.command("topics")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="also list every item whose main topic was wrong")
def eval_topics(path: Path, misses: bool) -> None:
    """Micro/macro P/R/F1 per IPTC topic and language, main-topic accuracy, confusions."""
    from processors.evaluation.iptc import evaluate_topic_file

    click.echo(evaluate_topic_file(path, show_misses=misses))


@eval_group.command("language")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_language(path: Path) -> None:
    """Language-detection accuracy per language on any JSON Lines with lang + text (+ title)."""
    from processors.evaluation.language import evaluate_language_file

    click.echo(evaluate_language_file(path))


@eval_group.command("citations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_citations(path: Path) -> None:
    """P/R/F1 of cited outlets (who an article credits) per language, then every wrong item."""
    from processors.evaluation.citations import evaluate, format_report

    click.echo(format_report(*evaluate(path)))


@eval_group.command("stories")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=None, help="override MEDIAMON_STORIES_THRESHOLD")
@click.pass_obj
def eval_stories(settings, path: Path, threshold: float | None) -> None:  # type: ignore[no-untyped-def]
    """Pairwise P/R/F1 (same- and cross-language), B-cubed F1 and distractor merges of story clustering."""
    from datetime import timedelta

    from processors.evaluation.stories import evaluate, format_report

    chosen = settings.stories_threshold if threshold is None else threshold
    decay = timedelta(hours=settings.stories_decay_hours)
    click.echo(format_report(evaluate(path, chosen, decay), chosen) + f"; decay {settings.stories_decay_hours:g} h")


def register(cli: click.Group) -> None:
    cli.add_command(eval_group)
