"""`mediamon dlq list | show | replay`: look at dead letters and put fixed ones back (mediamon/dlq.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import click

from mediamon.dlq import Letter, LetterFilter, read_letters, replay
from mediamon.errors import MediamonError
from mediamon.search.params import SearchParamError, parse_when
from mediamon.settings import Settings


def _filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The same selection for list and replay, so what `list` shows is what `replay` sends."""
    for option in reversed((
        click.option("--topic", help="source topic the letters came from, e.g. articles.raw"),
        click.option("--stage", help="stage that gave up, e.g. enrich, index, alerts.deliver"),
        click.option("--reason", help="text in the reason or error (case-insensitive)"),
        click.option("--key", help="record key (the article id, or the subscription id for alerts)"),
        click.option("--since", help="dead-lettered at or after: 24h, 7d, or an ISO date/time"),
        click.option("--letter", "refs", multiple=True, help="a letter's ref as listed (repeatable)"),
    )):
        command = option(command)
    return command


def _selection(topic: str | None, stage: str | None, reason: str | None, key: str | None, since: str | None,
               refs: tuple[str, ...]) -> LetterFilter:
    try:
        moment = parse_when(since, datetime.now(timezone.utc)) if since else None
    except SearchParamError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    return LetterFilter(source_topic=topic, stage=stage, reason=reason, key=key, since=moment, refs=frozenset(refs))


def _read(settings: Settings, wanted: LetterFilter, payloads: bool = True) -> list[Letter]:
    try:
        letters, unreadable = read_letters(settings, wanted, payloads)
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc
    if unreadable:
        click.echo(f"{unreadable} records on the dead-letter topics are not dead letters; skipped", err=True)
    return letters


def _summary(item: Letter) -> str:
    letter = item.letter
    at = letter.at.isoformat(timespec="seconds") if letter.at else "?"
    return f"{item.ref}  {at}  {letter.stage}  {letter.key or '-'}  {letter.reason}: {letter.error[:160]}"


@click.group("dlq")
def dlq() -> None:
    """Dead letters: what could not be processed, why, and replaying it once fixed."""


@dlq.command("list")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="one JSON object per letter, payload left out")
@click.pass_obj
def list_letters(settings: Settings, as_json: bool, **selection: Any) -> None:
    """One line per dead letter: ref, time, stage, key, reason and error."""
    letters = _read(settings, _selection(**selection), payloads=False)
    for item in letters:
        if as_json:
            fields = {k: v for k, v in item.letter.asdict().items() if k != "payload"}
            click.echo(json.dumps({"ref": item.ref, **fields}, default=str, ensure_ascii=False))
        else:
            click.echo(_summary(item))
    if not as_json:
        click.echo(f"{len(letters)} dead letters", err=True)


@dlq.command("show")
@click.argument("ref")
@click.pass_obj
def show(settings: Settings, ref: str) -> None:
    """Everything about one letter, its original payload included (as JSON)."""
    letters = _read(settings, LetterFilter(refs=frozenset({ref})))
    if not letters:
        raise click.ClickException(f"no dead letter {ref}")
    click.echo(json.dumps({"ref": ref, **letters[0].letter.asdict()}, default=str, ensure_ascii=False, indent=2))


@dlq.command("replay")
@_filter_options
@click.option("--payload", "payload_file", type=click.File("r", encoding="utf-8"),
              help="the fixed payload (for exactly one selected letter) instead of the original")
@click.option("--again", is_flag=True, help="also replay letters replayed before")
@click.option("--dry-run", is_flag=True, help="list what would be replayed, send nothing")
@click.pass_obj
def replay_letters(settings: Settings, payload_file: click.utils.LazyFile | None, again: bool, dry_run: bool,
                   **selection: Any) -> None:
    """Send the selected letters back to the topic they came from, keys kept; each letter once."""
    wanted = _selection(**selection)
    if wanted == LetterFilter():
        raise click.UsageError("select letters with --letter, --topic, --stage, --reason, --key or --since")
    letters = _read(settings, wanted)
    if dry_run:
        for item in letters:
            click.echo(f"would replay {_summary(item)}")
        return
    try:
        outcome = replay(settings, letters, payload_file.read() if payload_file else None, again)
    except MediamonError as exc:
        raise click.ClickException(str(exc)) from exc
    for item, reason in outcome.refused:
        click.echo(f"refused {item.ref}: {reason}", err=True)
    for item, target in outcome.sent:
        click.echo(f"replayed {item.ref} -> {target}")
    click.echo(f"replayed {len(outcome.sent)} | already replayed {len(outcome.already)} | "
               f"refused {len(outcome.refused)}")


def register(cli: click.Group) -> None:
    cli.add_command(dlq)
