"""Build and validate subscriptions (shared by the CLI and the HTTP API) and show them with secrets masked."""

from __future__ import annotations

import ipaddress
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from yarl import URL

from mediamon.errors import ConfigError, MediamonError
from mediamon.netpolicy import (
    AddressPolicy,
    BlockedAddressError,
    check_host_now,
    check_url,
    is_local_name,
    normalise_host,
)
from mediamon.query import QuerySyntaxError
from mediamon.records import Channel, Subscription, SubscriptionStatus
from mediamon.records.alerts import MODES
from mediamon.settings import Settings
from processors.subscriptions.querymatch import compile_query

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$")
DURATION = re.compile(r"^(\d+)\s*([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# More messages a minute than this are folded into a summary anyway; a higher limit only makes us a spammer.
MAX_PER_MINUTE = 60
ENTITY_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
log = logging.getLogger(__name__)


class SubscriptionError(MediamonError):
    """A subscription cannot be created as given; the message says which part and why."""


@lru_cache(maxsize=1)
def known_outlets() -> frozenset[str]:
    """Outlet ids a story's origin can have (processors/stories/data/outlets.yaml)."""
    from processors.stories.outlets import load_outlets

    return frozenset(outlet.id for outlet in load_outlets())


@lru_cache(maxsize=1)
def known_entities() -> frozenset[str] | None:
    """Entity ids the mention gazetteer can produce: a filter on any other id would never fire.
    None when the gazetteer does not load (then only the id's shape is checked, with a warning)."""
    from processors.mentions.gazetteer import load

    try:
        return frozenset(entry.entity for entry in load().entries)
    except ConfigError as exc:
        log.warning("cannot check entity ids against the gazetteer: %s", exc)
        return None


def parse_duration(text: str) -> int:
    """'90s', '15m', '1h', '1d' -> seconds (seconds exist so tests and demos need not wait an hour)."""
    found = DURATION.match(text.strip().lower())
    if not found or int(found.group(1)) <= 0:
        raise SubscriptionError(f"not a duration: {text!r} (use e.g. 30s, 15m, 1h, 1d)")
    return int(found.group(1)) * UNIT_SECONDS[found.group(2)]


def _check_url(url: str, what: str, policy: AddressPolicy) -> str:
    """Scheme, host shape and the address policy; errors name the host only (a Slack URL is a secret)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SubscriptionError(f"{what} URL must be http(s)://host/…")
    host = parts.hostname
    try:
        check_url(URL(url), policy)
        check_host_now(host, policy)
    except BlockedAddressError as exc:
        raise SubscriptionError(f"{what} URL not reachable: {exc}") from None
    except ValueError as exc:
        raise SubscriptionError(f"{what} URL is malformed") from exc
    try:
        unusable = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        # A single label ("elasticsearch", "elasticsearch.") names a host of our own network.
        unusable = "." not in normalise_host(host) and not is_local_name(host)
    if unusable:
        raise SubscriptionError(f"{what} URL: host {host!r} is not reachable from a server")
    return url


def alerts_policy(settings: Settings) -> AddressPolicy:
    """Where alerts may go: public addresses, or anywhere when the operator explicitly allows private networks."""
    return AddressPolicy(allow_all=settings.alerts_allow_private_networks)


@dataclass(frozen=True)
class ChannelRules:
    """What a subscriber may ask for: no internal destinations, and no open mail relay (a few
    recipients per subscription, optionally only in the operator's domains)."""

    policy: AddressPolicy = AddressPolicy()
    max_emails: int = 10
    email_domains: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> "ChannelRules":
        return cls(policy=alerts_policy(settings), max_emails=settings.alerts_max_email_recipients,
                   email_domains=tuple(d.lower().lstrip("@") for d in settings.alerts_email_domains))


def _check_emails(emails: list[str], rules: ChannelRules) -> list[Channel]:
    if len(emails) > rules.max_emails:
        raise SubscriptionError(f"at most {rules.max_emails} e-mail recipients per subscription")
    for address in emails:
        if not EMAIL.match(address):
            raise SubscriptionError(f"not an e-mail address: {address!r}")
        domain = address.rpartition("@")[2].lower()
        if rules.email_domains and domain not in rules.email_domains:
            raise SubscriptionError(f"e-mail to {domain!r} is not allowed here; allowed domains: "
                                    f"{', '.join(rules.email_domains)}")
    return [Channel(kind="email", target=address) for address in emails]


def parse_channels(webhooks: Iterable[str], secret: str | None, emails: Iterable[str],
                   slacks: Iterable[str], telegrams: Iterable[str], *,
                   rules: ChannelRules = ChannelRules()) -> list[Channel]:
    """Channels as given by the CLI or API, checked against `rules` (`ChannelRules.from_settings`)."""
    policy = rules.policy
    channels = [Channel(kind="webhook", target=_check_url(u, "webhook", policy), secret=secret) for u in webhooks]
    channels += _check_emails(list(emails), rules)
    channels += [Channel(kind="slack", target=_check_url(u, "Slack webhook", policy)) for u in slacks]
    for spec in telegrams:
        # Bot tokens contain a colon themselves ("123456:ABC…"); the chat id is after the last one.
        token, _, chat = spec.rpartition(":")
        if ":" not in token or not chat.lstrip("-@").replace("_", "").isalnum():
            raise SubscriptionError("telegram channel must be BOT_TOKEN:CHAT_ID, e.g. 123456:ABC-def:-100123")
        channels.append(Channel(kind="telegram", target=chat, secret=token))
    return channels


def build_subscription(*, name: str, channels: list[Channel], owner: str = "", entities: Iterable[str] = (),
                       languages: Iterable[str] = (), topics: Iterable[str] = (), sources: Iterable[str] = (),
                       countries: Iterable[str] = (), framings: Iterable[str] = (), query: str | None = None,
                       origin_outlets: Iterable[str] = (), per_story: bool = False, mode: str = "realtime", every: str = "1d", at: str = "08:00", tz: str = "UTC",
                       factor: float = 3.0, min_count: int = 10, window: str = "1h", updates: bool = False,
                       max_per_minute: int = 10, per_minute_limit: int = MAX_PER_MINUTE) -> Subscription:
    """A new validated subscription; SubscriptionError names the first problem found."""
    sub = Subscription(
        id=uuid.uuid4().hex[:12], name=name, owner=owner, entities=[e.upper() for e in entities],
        languages=[x.lower() for x in languages], topics=list(topics), sources=list(sources),
        countries=[c.upper() for c in countries], framings=list(framings), query=query or None, mode=mode,
        origin_outlets=[o.lower() for o in origin_outlets], per_story=per_story,
        channels=channels, updates=updates, max_per_minute=max_per_minute, digest_every=parse_duration(every),
        digest_at=at, digest_tz=tz, spike_factor=factor, spike_min_count=min_count,
        spike_window=parse_duration(window), created=datetime.now(timezone.utc))
    validate(sub, known_entities())
    if sub.max_per_minute > per_minute_limit:
        raise SubscriptionError(f"max per minute must be at most {per_minute_limit}")
    return sub


def validate(sub: Subscription, entity_ids: frozenset[str] | None) -> None:
    if not sub.name.strip():
        raise SubscriptionError("a subscription needs a name")
    if sub.mode not in MODES:
        raise SubscriptionError(f"unknown mode {sub.mode!r}; use one of {', '.join(MODES)}")
    malformed = [e for e in sub.entities if not ENTITY_ID.match(e)]
    unknown = sorted(set(sub.entities) - entity_ids) if entity_ids is not None else malformed
    if unknown:
        known = f"; known: {', '.join(sorted(entity_ids))}" if entity_ids is not None else ""
        raise SubscriptionError(f"unknown entity {', '.join(unknown)}{known}")
    if sub.query:
        try:
            compile_query(sub.query)
        except QuerySyntaxError as exc:
            raise SubscriptionError(f"bad query: {exc}") from exc
    if not sub.channels:
        raise SubscriptionError("give at least one channel: --webhook, --email, --slack or --telegram")
    if sub.mode == "spike" and not sub.entities:
        raise SubscriptionError("spike mode counts mentions of entities: give at least one --entity")
    if sub.mode == "reprint" and (not sub.origin_outlets or not (sub.languages or sub.countries)):
        raise SubscriptionError("reprint mode needs --origin-outlet and a --lang or --country to watch for reprints in")
    unknown_outlets = sorted(set(sub.origin_outlets) - known_outlets())
    if unknown_outlets:
        raise SubscriptionError(f"unknown outlet {', '.join(unknown_outlets)} (ids are listed in "
                                "processors/stories/data/outlets.yaml)")
    if sub.spike_factor <= 0 or sub.spike_min_count < 1 or sub.max_per_minute < 1:
        raise SubscriptionError("--factor must be > 0, --min-count and max per minute >= 1")
    if not HHMM.match(sub.digest_at):
        raise SubscriptionError(f"--at must be HH:MM, got {sub.digest_at!r}")
    try:
        ZoneInfo(sub.digest_tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SubscriptionError(f"unknown time zone {sub.digest_tz!r}") from exc


def mask(secret: str | None) -> str:
    """Whether a secret is set, never any part of it (a prefix would help guess short ones)."""
    return "****" if secret else ""


def mask_url(url: str) -> str:
    """Scheme and host of a URL that is itself a credential (a Slack incoming webhook)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/****" if parts.hostname else mask(url)


def shown_target(channel: Channel) -> str:
    return mask_url(channel.target) if channel.kind == "slack" else channel.target


def describe_channel(channel: Channel) -> str:
    if channel.kind == "telegram":
        return f"telegram chat {channel.target} (bot token {mask(channel.secret)})"
    if channel.kind == "webhook" and channel.secret:
        return f"webhook {channel.target} (secret {mask(channel.secret)})"
    return f"{channel.kind} {shown_target(channel)}"


def public_view(sub: Subscription) -> dict:
    """The subscription as JSON for `show`/the API, with every secret masked."""
    data = sub.to_representation()
    data["channels"] = [{**c.to_representation(), "target": shown_target(c), "secret": mask(c.secret)}
                        for c in sub.channels]
    return data


GENERIC_FAILURE = "delivery failed"


def status_view(status: SubscriptionStatus | None, *, detailed: bool) -> dict | None:
    """The delivery status as JSON. Only `detailed` views (admins) get the reason: whether a receiver
    refused, timed out or answered an HTTP error tells an outsider what is reachable inside our
    network. Everyone else sees the channel kind and "delivery failed"; the reason is in the log."""
    if status is None:
        return None
    data = {**status.to_representation(), "recent": [outcome.to_representation() for outcome in status.recent]}
    if not detailed:
        for outcome in (data, *data["recent"]):
            if not outcome["ok"]:
                outcome["error"] = GENERIC_FAILURE
    return data
