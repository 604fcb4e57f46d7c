"""The one place configuration is read: environment variables prefixed MEDIAMON_, with defaults.

Everything else receives a `Settings` (or values from it) as an argument, so tests can run
several stacks side by side by building different settings objects.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_FEEDS_FILE = PACKAGE_DIR / "data" / "feeds.yaml"


def _default_deploy_dir() -> Path:
    """Index templates and Kibana objects live in the repo's deploy/ folder: beside the package in
    a checkout, in the working directory of an image that pip-installed the package
    (deploy/Dockerfile copies deploy/ into its WORKDIR); MEDIAMON_DEPLOY_DIR overrides both."""
    beside = PACKAGE_DIR.parent / "deploy"
    return beside if beside.is_dir() else Path.cwd() / "deploy"


def is_loopback_host(host: str) -> bool:
    """True for localhost/127.0.0.0/8/::1: the only addresses where we may start our own stack."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    """Runtime settings; secrets are `SecretStr` so they never show up in reprs or logs."""

    model_config = SettingsConfigDict(env_prefix="MEDIAMON_", env_file=None, extra="ignore")

    kafka_bootstrap: str = "127.0.0.1:9092"
    es_url: str = "http://127.0.0.1:9200"
    es_username: str | None = None
    es_password: SecretStr | None = None
    data_dir: Path = Path(".mediamon")
    feeds_file: Path = DEFAULT_FEEDS_FILE
    # Four partitions lets up to four workers share the load; the local server auto-creates
    # topics with fewer, so we always create ours explicitly.
    topic_partitions: int = 4
    app_id: str = "mediamon"
    # Kafka static group membership for this worker (stable per replica, e.g. "worker-1"): a
    # restarted worker gets its partitions back at once instead of after a rebalance. The local
    # server never expires a dead member's session, so locally this is what makes a killed and
    # restarted worker resume (see deploy/RELIABILITY.md). Unset: dynamic membership.
    worker_instance_id: str | None = None
    # A worker whose partitions have lag while no committed offset moved (or that owns no partition)
    # for this long exits so its supervisor restarts it (processors/liveness.py). Longer than an
    # Elasticsearch or Kafka outage the worker rides out by retrying, shorter than anyone's patience.
    worker_stall_seconds: float = 120.0
    # Prefix for every topic name, so tests (and tenants) can share one broker without clashes.
    topic_prefix: str = ""
    # Prefix for the index/alias/template names, for the same reason.
    index_prefix: str = ""
    log_level: str = "INFO"
    sample_feeds_port: int = 8765
    # Poller politeness and limits (issue 3): many feeds share a host, so the per-host limit and
    # delay keep us from hammering one site while the global limit bounds sockets and memory.
    poll_concurrency: int = 64
    poll_per_host_limit: int = 2
    poll_per_host_delay: float = 0.25
    poll_connect_timeout: float = 10.0
    poll_total_timeout: float = 30.0
    # A feed is rarely over a few MB; a larger body is aborted (also bounds decompression bombs).
    poll_max_bytes: int = 10_000_000
    poll_min_interval: float = 60.0
    poll_max_interval: float = 3600.0
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    kibana_url: str = "http://127.0.0.1:5601"
    # Set by `mediamon setup` on the built-in kibana_system user (docker-compose security on).
    kibana_system_password: SecretStr | None = None
    # Indexer batching: a bulk request goes out at this many documents or after this delay.
    # Kafka's default message.max.bytes (and the local server's limit) is 1 MiB; stay below it.
    max_message_bytes: int = 1_000_000
    index_batch_size: int = 500
    # A quarter second: at low load a batch waits this long for company, and a bulk of 500 takes
    # ~0.2 s anyway (bench/RESULTS.md: produce -> indexed p50 at 10 % load 0.69 s with 1 s, 0.31 s).
    index_batch_seconds: float = 0.25
    # Longest pause between bulk retries while Elasticsearch is down or overloaded (seconds).
    index_retry_max_seconds: float = 30.0
    deploy_dir: Path = Field(default_factory=_default_deploy_dir)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "mediamon@localhost"
    # Alerts. Delivery retries back off 0.5, 1, 2 s…: a receiver restarting for a few seconds still
    # gets the alert, and a dead one holds up its subscription's partition for under 10 s.
    alerts_retry_attempts: int = 5
    alerts_retry_base_seconds: float = 0.5
    alerts_http_timeout: float = 10.0
    # Alerts delivered at once per worker (each subscription's own stay in order).
    alerts_delivery_concurrency: int = 8
    # How often the worker checks for due digests and rate-limit summaries.
    alerts_tick_seconds: float = 1.0
    # Copies of one story (same normalised title) within this many seconds become "also in: …".
    alerts_story_window: int = 6 * 3600
    # A feed silent for more than this many times its usual gap between new entries is reported.
    alerts_silence_factor: float = 3.0
    telegram_api_url: str = "https://api.telegram.org"
    # --- stories (issue 15) ---
    # Articles further apart than this are never one story; also bounds the clustering memory.
    stories_horizon_days: float = 7.0
    # Rarity-weighted fingerprint overlap at which an article joins an earlier story (eval/stories_test.jsonl).
    stories_threshold: float = 0.2

    @property
    def kafka_host_port(self) -> tuple[str, int]:
        first = self.kafka_bootstrap.split(",")[0].strip()
        host, _, port = first.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def es_host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.es_url)
        return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 9200)

    @property
    def wants_local_stack(self) -> bool:
        """Both servers on loopback: `stack up` starts them itself; otherwise they are external."""
        return is_loopback_host(self.kafka_host_port[0]) and is_loopback_host(self.es_host_port[0])

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def index_name(self, name: str) -> str:
        return f"{self.index_prefix}{name}"


def free_port() -> int:
    """A port the OS says is free now; used by tests and by side-by-side local stacks."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
