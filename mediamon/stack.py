"""Start, stop and inspect the embedded local stack: `noida-db` as Kafka broker + Elasticsearch.

The stack binds the ports from the settings and keeps data, log and pid file in the data dir,
so two stacks with different settings run side by side. Production points the settings at real
Kafka/Elasticsearch instead, and then nothing local is started.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from mediamon.errors import StackError
from mediamon.kafka_security import kafka_client_options
from mediamon.settings import Settings

log = logging.getLogger(__name__)

PID_FILE = "noida-db.pid"
LOG_FILE = "noida-db.log"
STACK_DIR = "stack"


@dataclass(frozen=True)
class StackStatus:
    kafka_up: bool
    elasticsearch_up: bool
    pid: int | None
    external: bool

    def describe(self, settings: Settings) -> str:
        where = "external" if self.external else f"local (pid {self.pid or '-'})"
        return (f"stack: {where}\n"
                f"  kafka          {settings.kafka_bootstrap:<28} {'up' if self.kafka_up else 'down'}\n"
                f"  elasticsearch  {settings.es_url:<28} {'up' if self.elasticsearch_up else 'down'}")


def _noida_binary() -> str:
    """The server binary inside the noida-db wheel, run directly so our pid is the server's.

    The package's console script is a Python wrapper around it; signalling the wrapper alone
    would leave the server running.
    """
    try:
        binary = Path(str(files("noida_db").joinpath("noida-db")))
    except ModuleNotFoundError as exc:
        raise StackError("noida-db is not installed: run `make run` or `pip install noida-db`") from exc
    if not binary.is_file():
        raise StackError(f"noida-db's server binary is missing at {binary}")
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)
    return str(binary)


def _pid_path(settings: Settings) -> Path:
    return settings.data_dir / PID_FILE


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_path(settings).read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def kafka_answers(settings: Settings, timeout: float = 2.0) -> bool:
    """A real Kafka metadata round-trip (kafka-python), not just an open port."""
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError

    host, port = settings.kafka_host_port
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError:
        return False
    try:
        consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False,
                                 **kafka_client_options(settings),
                                 request_timeout_ms=int(timeout * 1000) + 1000)
    except (KafkaError, OSError, ValueError):
        return False
    try:
        consumer.topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        consumer.close()


def elasticsearch_answers(settings: Settings, timeout: float = 2.0) -> bool:
    """`GET /` answers with a version: the same check for noida-db and real Elasticsearch."""
    try:
        with urllib.request.urlopen(settings.es_url.rstrip("/") + "/", timeout=timeout) as resp:
            return resp.status == 200 and b'"version"' in resp.read(4096)
    except urllib.error.HTTPError as exc:
        return exc.code == 401  # security on: it answers, credentials are the client's business
    except (OSError, ValueError):
        return False


def status(settings: Settings) -> StackStatus:
    return StackStatus(kafka_up=kafka_answers(settings), elasticsearch_up=elasticsearch_answers(settings),
                       pid=_read_pid(settings), external=not settings.wants_local_stack)


def wait_until_up(settings: Settings, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if elasticsearch_answers(settings, 1.0) and kafka_answers(settings, 1.0):
            return
        time.sleep(0.3)
    raise StackError(f"Kafka at {settings.kafka_bootstrap} / Elasticsearch at {settings.es_url} "
                     f"did not answer within {timeout:.0f} s; see {settings.data_dir / LOG_FILE}")


def up(settings: Settings, timeout: float = 60.0) -> StackStatus:
    """Start noida-db in the background unless it (or an external stack) already answers."""
    if not settings.wants_local_stack:
        log.info("Kafka/Elasticsearch are external (%s, %s): nothing to start",
                 settings.kafka_bootstrap, settings.es_url)
        wait_until_up(settings, timeout)
        return status(settings)
    if _read_pid(settings) is None and (kafka_answers(settings, 0.5) or elasticsearch_answers(settings, 0.5)):
        raise StackError(f"something else already listens on {settings.kafka_bootstrap} or "
                         f"{settings.es_url}; set MEDIAMON_KAFKA_BOOTSTRAP / MEDIAMON_ES_URL to free ports")
    if _read_pid(settings) is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        data = (settings.data_dir / STACK_DIR).resolve()
        command = [_noida_binary(), "start", "--only", "kafka,elasticsearch",
                   "--host", "127.0.0.1",
                   "--kafka-port", str(settings.kafka_host_port[1]),
                   "--elasticsearch-port", str(settings.es_host_port[1]),
                   "--data-dir", str(data)]
        with open(settings.data_dir / LOG_FILE, "ab") as log_file:
            process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        _pid_path(settings).write_text(str(process.pid))
        log.info("started noida-db (pid %d), data in %s", process.pid, data)
    try:
        wait_until_up(settings, timeout)
    except StackError:
        down(settings)
        raise
    return status(settings)


def down(settings: Settings, grace: float = 5.0) -> bool:
    """Stop the noida-db we started (SIGTERM, then SIGKILL: it may ignore SIGTERM). Data stays."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_path(settings).unlink(missing_ok=True)
        return False
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(pid):
            time.sleep(0.1)
        if not _group_alive(pid):
            break
    _pid_path(settings).unlink(missing_ok=True)
    return True


def _group_alive(pgid: int) -> bool:
    """Whether any process of the stack's process group is left (reaping our own child first)."""
    try:
        os.waitpid(pgid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
