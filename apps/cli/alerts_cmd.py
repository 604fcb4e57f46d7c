"""`mediamon alerts add | list | show | pause | resume | remove | test`: manage alert subscriptions.

Subscriptions live in the compacted topic `alerts.subscriptions`; every worker follows it, so a
change here reaches all workers within a second. Secrets are shown masked, never in clear.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime

import click

from mediamon.records import DeliveryOutcome
from mediamon.settings import Settings
from processors.alerts import repo
from processors.alerts.channel_test import test_channels
from processors.subscriptions.validation import (
    ChannelRules,
    build_subscription,
    describe_channel,
    parse_channels,
    public_view,
)


@click.group("alerts")
def alerts() -> None:
    """Alert subscriptions: who hears about which mentions, how and where."""


def _subscription_command(name: str) -> Callable[[Callable[[Settings, str], None]], click.Command]:
    """`mediamon alerts NAME SUB_ID`: the shape of every command that acts on one subscription."""
    def register_command(action: Callable[[Settings, str], None]) -> click.Command:
        return alerts.command(name)(click.argument("sub_id")(click.pass_obj(action)))
    return register_command


@alerts.command("add")
@click.option("--name", required=True, help="What the subscriber calls it.")
@click.option("--owner", default="", help="Who owns it (free text, e.g. an e-mail address).")
@click.option("--entity", "entities", multiple=True, help="Entity id, e.g. CSTO or SMO (repeatable).")
@click.option("--lang", "languages", multiple=True, help="Article language, e.g. ru (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Topic id (repeatable).")
@click.option("--source", "sources", multiple=True, help="Source (feed) name (repeatable).")
@click.option("--country", "countries", multiple=True, help="Country code of the source (repeatable).")
@click.option("--framing", "framings", multiple=True, help="Framing of the mention (repeatable).")
@click.option("--query", default=None, help="Boolean query, same syntax as search.")
@click.option("--mode", type=click.Choice(["realtime", "digest", "spike", "silence", "reprint"]), default="realtime",
              help="reprint: an article reprinting a story of an --origin-outlet in a --lang or --country.")
@click.option("--origin-outlet", "origin_outlets", multiple=True,
              help="Reprint mode: outlet id from outlets.yaml whose stories to follow, e.g. tass (repeatable).")
@click.option("--per-story/--per-article", default=False,
              help="Alert once per story (its later articles in any language fold into 'also in').")
@click.option("--every", default="1d", show_default=True, help="Digest period: 1h, 1d (or e.g. 30s, 15m).")
@click.option("--at", "at", default="08:00", show_default=True, help="Digest time of day, HH:MM.")
@click.option("--tz", default="UTC", show_default=True, help="Digest time zone, e.g. Europe/Moscow.")
@click.option("--factor", default=3.0, show_default=True, help="Spike: times the usual count.")
@click.option("--min-count", default=10, show_default=True, help="Spike: at least this many mentions.")
@click.option("--window", default="1h", show_default=True, help="Spike: counting window, e.g. 1h.")
@click.option("--updates/--no-updates", default=False, help="Alert again when a matched article is updated.")
@click.option("--max-per-minute", default=10, show_default=True, help="More messages are folded into a summary.")
@click.option("--webhook", "webhooks", multiple=True, help="Webhook URL (JSON POST, signed with --secret).")
@click.option("--secret", default=None, help="Webhook signing secret (HMAC-SHA256).")
@click.option("--email", "emails", multiple=True, help="E-mail address (repeatable).")
@click.option("--slack", "slacks", multiple=True, help="Slack incoming-webhook URL (repeatable).")
@click.option("--telegram", "telegrams", multiple=True, help="BOT_TOKEN:CHAT_ID (repeatable).")
@click.pass_obj
def add(settings: Settings, webhooks: tuple[str, ...], secret: str | None, emails: tuple[str, ...],
        slacks: tuple[str, ...], telegrams: tuple[str, ...], **options: object) -> None:
    """Create a subscription; prints its id as the last line."""
    rules = ChannelRules.from_settings(settings)
    channels = parse_channels(webhooks, secret, emails, slacks, telegrams, rules=rules)
    sub = build_subscription(channels=channels, per_minute_limit=settings.alerts_max_per_minute_limit,
                             **options)  # type: ignore[arg-type]
    repo.save(settings, sub)
    click.echo(f"created subscription {sub.name!r} ({sub.mode}, {len(sub.channels)} channel(s))")
    click.echo(sub.id)


@alerts.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """One line per subscription: id, state, mode, name, filters, channels (secrets masked)."""
    state = repo.load(settings)
    subs = sorted((c.sub for c in state.index.by_id.values()), key=lambda s: (s.created or datetime.min, s.id))
    if not subs and not state.unreadable:
        click.echo("no subscriptions")
    for sub in subs:
        status = state.statuses.get(sub.id)
        health = "" if status is None or status.ok else "  FAILING"
        filters = " ".join(f"{name}={','.join(getattr(sub, name))}" for name in
                           ("entities", "languages", "topics", "sources", "countries", "framings") if getattr(sub, name))
        if sub.query:
            filters += f" query={sub.query!r}"
        click.echo(f"{sub.id}  {'paused' if sub.paused else 'active'}  {sub.mode:<8} {sub.name}  [{filters or 'all'}]  "
                   f"-> {'; '.join(describe_channel(c) for c in sub.channels)}{health}")
    for sub_id, reason in sorted(state.unreadable.items()):
        click.echo(f"{sub_id}  NOT DELIVERING: {reason}")


@_subscription_command("show")
def show(settings: Settings, sub_id: str) -> None:
    """The subscription as JSON (secrets masked), its latest delivery outcome and the last few before it."""
    sub, status = repo.find(settings, sub_id)
    click.echo(json.dumps(public_view(sub), ensure_ascii=False, indent=2, default=str))
    if status is None:
        click.echo("delivery: nothing delivered yet")
    elif status.ok:
        click.echo(f"delivery: ok at {status.at:%Y-%m-%d %H:%M:%S} UTC ({status.delivered} delivered, "
                   f"{status.failures} failed)")
    else:
        click.echo(f"delivery: FAILED at {status.at:%Y-%m-%d %H:%M:%S} UTC: {status.error} "
                   f"({status.failures} failed, {status.delivered} delivered; see alerts.dlq)")
    for outcome in status.recent if status is not None else ():
        click.echo(_outcome_line(outcome))


def _outcome_line(outcome: DeliveryOutcome) -> str:
    """One earlier delivery, e.g. `2026-12-06 08:00:12  FAILED  digest (14 articles)  webhook: HTTP 503`."""
    what = f"{outcome.kind} ({outcome.articles} articles)" if outcome.articles else outcome.kind
    return "  ".join(part for part in (f"  {outcome.at:%Y-%m-%d %H:%M:%S}", "ok" if outcome.ok else "FAILED", what,
                                       outcome.error) if part)


@_subscription_command("pause")
def pause(settings: Settings, sub_id: str) -> None:
    """Stop alerting (matches while paused are not sent later)."""
    _set_paused(settings, sub_id, True)


@_subscription_command("resume")
def resume(settings: Settings, sub_id: str) -> None:
    """Alert again from now on."""
    _set_paused(settings, sub_id, False)


@_subscription_command("remove")
def remove(settings: Settings, sub_id: str) -> None:
    """Delete the subscription (a tombstone on the compacted topic)."""
    repo.remove(settings, sub_id)
    click.echo(f"removed {sub_id}")


@_subscription_command("test")
def test(settings: Settings, sub_id: str) -> None:
    """Send a test message to every channel now and say which worked."""
    sub, _ = repo.find(settings, sub_id)
    outcomes = asyncio.run(test_channels(settings, sub))
    for channel, failure in outcomes:
        click.echo(f"ok      {channel}" if failure is None else f"FAILED  {channel}: {failure}")
    failures = sum(failure is not None for _, failure in outcomes)
    if failures:
        raise click.ClickException(f"{failures} of {len(sub.channels)} channel(s) failed")


def _set_paused(settings: Settings, sub_id: str, paused: bool) -> None:
    repo.set_paused(settings, sub_id, paused)
    click.echo(f"{sub_id} {'paused' if paused else 'active'}")


def register(cli: click.Group) -> None:
    cli.add_command(alerts)
