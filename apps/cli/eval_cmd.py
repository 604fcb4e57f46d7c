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
    from processors.evaluation.stories import evaluate, format_report

    chosen = settings.stories_threshold if threshold is None else threshold
    click.echo(format_report(evaluate(path, chosen), chosen))


@eval_group.command("fit-stories")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="where to write the model (default: processors/stories/data/pair_model.yaml)")
@click.option("--leave-one-out", is_flag=True,
              help="first report each set clustered by a model fitted on the others")
@click.pass_obj
def eval_fit_stories(settings, paths: tuple[Path, ...], output: Path | None,  # type: ignore[no-untyped-def]
                     leave_one_out: bool) -> None:
    """Fit the story pair model on labelled story sets and write it."""
    from processors.evaluation.fit_stories import fit_sets, leave_one_out_report, write_model
    from processors.stories.pair_model import MODEL_FILE

    if leave_one_out:
        click.echo(leave_one_out_report(list(paths), settings.stories_threshold))
    fitted = fit_sets(list(paths))
    write_model(fitted, output or MODEL_FILE)
    click.echo(f"{fitted.pairs} candidate pairs ({fitted.same_story} of one story) from {len(paths)} sets; "
               f"model written to {output or MODEL_FILE}")


def register(cli: click.Group) -> None:
    cli.add_command(eval_group)
