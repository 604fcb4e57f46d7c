"""The one place configuration is read: environment variables prefixed MEDIAMON_, with defaults.

Everything else receives a `Settings` (or values from it) as an argument, so tests can run
several stacks side by side by building different settings objects.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Literal
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
    # Only the local server answers empty fetches at once (Kafka holds them), so only there do the
    # workers pace them (processors/kafka_compat.py). auto: on when both servers are on loopback.
    kafka_fetch_pacing: Literal["auto", "on", "off"] = "auto"
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
    # Set by `mediamon run` for the processes it starts: each stops when that process is gone
    # (mediamon/supervision.py). Not for people to set.
    parent_pid: int | None = None
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
    # Delivery outcomes kept in a subscription's status (newest first) for `alerts show` and the console.
    alerts_status_history: int = 10
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
    # --- search backend (issue 14) ---
    # `local`: the embedded tantivy index under data_dir/search (what `make run` uses; the local
    # server's Elasticsearch scans every article per query). `elasticsearch`: the articles alias
    # (docker-compose, production). The indexer writes to the one chosen here.
    search_backend: Literal["local", "elasticsearch"] = "local"
    # Bytes each partition of the article topics keeps (mediamon/topology.py shares it out). Unset:
    # 256 MB on Kafka; 32 MB on the local server, which holds every record in memory at ~5.6x its
    # size (bench/RESULTS.md "Kafka at volume"): about 1.5 GB for the two article topics at most.
    kafka_retention_mb_per_partition: int | None = None
    # --- API access and limits (issue 12, sec-api) ---
    # Bootstrap admin bearer token (docker-compose: from deploy/.env); tokens made with
    # `mediamon tokens add` live hashed in the data dir (docs/decisions.md).
    api_admin_token: SecretStr | None = None
    # Where the token hashes live; unset: data_dir/api-tokens.json.
    api_tokens_file: Path | None = None
    # Host header values the API answers (DNS-rebinding defence); empty = loopback names + api_host.
    api_allowed_hosts: list[str] = []
    # Browser origins allowed by CORS; empty = CORS off.
    api_cors_origins: list[str] = []
    api_max_body_bytes: int = 64 * 1024
    # Per-token token bucket: sustained requests per second and the burst allowed above it.
    api_rate_per_second: float = 20.0
    api_rate_burst: int = 60
    api_max_subscriptions_per_owner: int = 100
    # --- outbound delivery safety (issue 12, sec-delivery) ---
    # Alerts go to public addresses only unless the operator explicitly allows private networks
    # (tests with loopback receivers, an intranet webhook): the default closes SSRF through alerts.
    alerts_allow_private_networks: bool = False
    # A receiver's answer is read up to this many bytes (we only need its status), and a slow one
    # is cut off by connect/read timeouts inside the total `alerts_http_timeout`.
    alerts_response_max_bytes: int = 65536
    alerts_connect_timeout: float = 5.0
    alerts_read_timeout: float = 5.0
    # No open relay: a subscription's rate, its number of e-mail recipients and (when set) the
    # domains e-mail may go to are bounded by the operator.
    alerts_max_per_minute_limit: int = 60
    alerts_max_email_recipients: int = 10
    alerts_email_domains: list[str] = []
    # Publication dates before this year are clamped to the fetch time (the feed's value is kept in
    # `published_original`): one feed dated year 999 must not create index `articles-999.01`.
    ingest_earliest_year: int = 1990
    # Fernet keys (comma-separated: the first encrypts, all decrypt) for channel secrets at rest in
    # alerts.subscriptions; unset = a key generated into <data_dir>/secrets.key on first use.
    secrets_key: SecretStr | None = None
    # SMTP transport: `starttls` (default, certificate verified), `tls` (implicit TLS, port 465) or
    # `none` (plain; only for a trusted relay on the same host, never with credentials).
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_ca_file: Path | None = None
    # Passwords of the least-privilege Elasticsearch users `mediamon setup` creates (deploy/.env).
    es_writer_password: SecretStr | None = None
    es_reader_password: SecretStr | None = None
    es_viewer_password: SecretStr | None = None
    # CA certificate for an https:// MEDIAMON_ES_URL (Elasticsearch with TLS on).
    es_ca_certs: Path | None = None
    # Kafka over SASL and/or TLS (all clients: kafka-python, aiokafka, faust); PLAINTEXT = local stack.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ca_file: Path | None = None
    # --- metrics (issue 16) ---
    # Port of the worker's Prometheus /metrics endpoint; 0 = off. Give each worker process its own.
    metrics_port: int = 0
    # The poller's and the API's own /metrics ports; 0 = off.
    poller_metrics_port: int = 0
    api_metrics_port: int = 0
    # `mediamon retention`: monthly article indices older than this many months are deleted.
    index_retention_months: int = 13
    # Poller sharding: replica MEDIAMON_POLLER_SHARD (0-based) of MEDIAMON_POLLER_REPLICAS polls only
    # the feeds that hash to it (ingest/sharding.py); every replica gets the same feed list.
    poller_replicas: int = Field(default=1, ge=1)
    poller_shard: int = Field(default=0, ge=0)
    # --- backups (issue 16) ---
    # `mediamon backup` of the local default writes here: outside the data dir, so losing the data
    # dir does not lose its backups.
    backup_dir: Path = Path(".mediamon-backups")
    # Elasticsearch snapshot repository; `backup create` registers it as a shared-filesystem
    # repository at this location (relative to the nodes' `path.repo`) when it does not exist yet,
    # and leaves an existing one (S3, GCS…, set up by the operator) as it is.
    es_snapshot_repository: str = "mediamon-backups"
    es_snapshot_location: str = "mediamon"
    # --- stories (issue 15) ---
    # Articles further apart than this are never one story; also bounds the clustering memory.
    stories_horizon_days: float = 7.0
    # Probability (processors/stories/pair_model.py) at which an article joins an earlier story (chosen
    # on the development story sets, one left out at a time: eval/README.md, thirteenth session).
    stories_threshold: float = 0.7

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

    @property
    def kafka_retention_bytes_per_partition(self) -> int:
        if self.kafka_retention_mb_per_partition is not None:
            return self.kafka_retention_mb_per_partition * 1_000_000
        return (32 if self.wants_local_stack else 256) * 1_000_000

    @property
    def paces_empty_fetches(self) -> bool:
        return self.kafka_fetch_pacing == "on" or (self.kafka_fetch_pacing == "auto" and self.wants_local_stack)

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def index_name(self, name: str) -> str:
        return f"{self.index_prefix}{name}"


def free_port() -> int:
    """A port the OS says is free now; used by tests and by side-by-side local stacks."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
