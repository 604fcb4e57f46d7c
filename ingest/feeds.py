"""The feed list: YAML that analysts edit, loaded with file+line in every error message.

Format: `allow_private_networks: true | false | [CIDR, ...]` (top level, default false) and `feeds:` a list of
`{name, url, lang?, country?, tags?, interval?, enabled?, fulltext?}`. URLs may use
`{sample_feeds_port}` so the bundled list follows the configured sample-server port.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.safety import AddressPolicy
from mediamon.datafile import parse_yaml
from mediamon.errors import ConfigError
from mediamon.settings import Settings


class FeedSpec(BaseModel):
    """One feed as configured; `interval` (seconds) overrides the adaptive schedule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    url: str
    lang: str | None = None
    country: str | None = None
    tags: tuple[str, ...] = ()
    interval: float | None = Field(default=None, gt=0)
    enabled: bool = True
    fulltext: bool = False

    @property
    def label(self) -> str:
        """How logs name a feed: the name people know it by, and the URL to find it."""
        return f"{self.name} <{self.url}>"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return value


@dataclass(frozen=True)
class FeedList:
    feeds: list[FeedSpec]
    allow_private_networks: bool | tuple[str, ...] = False
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def enabled(self) -> list[FeedSpec]:
        return [feed for feed in self.feeds if feed.enabled]

    @property
    def address_policy(self) -> AddressPolicy:
        return AddressPolicy.from_setting(self.allow_private_networks)


def load_feeds(path: Path, settings: Settings) -> FeedList:
    """Read and validate a feed list; raises ConfigError naming the file and line of a mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read feed list: {exc}") from exc
    return parse_feeds(text, settings, source=str(path))


def parse_feeds(text: str, settings: Settings, source: str = "<feeds>") -> FeedList:
    data = parse_yaml(text, source)
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list):
        raise ConfigError(f"{source}:1: expected a mapping with a `feeds:` list")
    unknown = set(data) - {"feeds", "allow_private_networks"}
    if unknown:
        raise ConfigError(f"{source}:1: unknown top-level keys: {', '.join(sorted(unknown))}")
    allow_private = _private_networks(data.get("allow_private_networks", False), source)
    feeds: list[FeedSpec] = []
    lines: dict[str, int] = {}
    for index, item in enumerate(data["feeds"]):
        if not isinstance(item, dict):
            raise ConfigError(f"{source}: feeds[{index}] must be a mapping, got {item!r}")
        line = item.line
        if isinstance(item.get("url"), str):
            item["url"] = item["url"].replace("{sample_feeds_port}", str(settings.sample_feeds_port))
        try:
            feed = FeedSpec(**item)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'feed'}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"{source}:{line}: feed {item.get('name', index)!r}: {problems}") from exc
        if feed.url in lines:
            raise ConfigError(f"{source}:{line}: duplicate url {feed.url} (first on line {lines[feed.url]})")
        lines[feed.url] = line
        feeds.append(feed)
    return FeedList(feeds=feeds, allow_private_networks=allow_private, source=source, lines=lines)


def _private_networks(value: Any, source: str) -> bool | tuple[str, ...]:
    """`true`, `false` or a list of CIDR networks (e.g. [10.1.0.0/16]) the poller may reach."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as exc:
                raise ConfigError(f"{source}: allow_private_networks: {exc}") from exc
        return tuple(value)
    raise ConfigError(f"{source}: allow_private_networks must be true, false or a list of networks")


def dump_feeds(feeds: list[FeedSpec]) -> str:
    """YAML for a feed list (used by `feeds import`), leaving out defaults to stay readable."""
    items = [feed.model_dump(exclude_defaults=True, mode="json") for feed in feeds]
    return yaml.safe_dump({"feeds": items}, allow_unicode=True, sort_keys=False)
