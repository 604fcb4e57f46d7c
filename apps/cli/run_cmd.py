"""`mediamon run`: what `make run` starts, the whole pipeline on the local stack until Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import click

from apps.api.local_token import console_url, ensure_local_admin_token
from mediamon import metrics, stack
from mediamon.elastic import load_templates, sync_client
from mediamon.elastic import setup as setup_elasticsearch
from mediamon.errors import MediamonError
from mediamon.kafka_topics import ensure_topics
from mediamon.search.backend import local_index_path
from mediamon.settings import Settings
from mediamon.status import StatusReader, in_place, index_counts
from processors.liveness import EXIT_STALLED

STATUS_EVERY_SECONDS = 2.0
STOP_GRACE_SECONDS = 20.0


class _Stop(Exception):
    """Raised from the SIGTERM handler so `run` shuts down exactly as on Ctrl-C."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def _prepare(settings: Settings, start_stack: bool) -> None:
    if start_stack:
        stack.up(settings)
    else:
        stack.wait_until_up(settings)
    ensure_topics(settings)
    if settings.search_backend == "elasticsearch":
        setup_elasticsearch(sync_client(settings), load_templates(settings))


def _ports_to_listen_on(settings: Settings, samples: bool) -> dict[str, tuple[str, int, str]]:
    """What `run` and its children will listen on, with the variable that moves each."""
    ports = {"the API and console": (settings.api_host, settings.api_port, "MEDIAMON_API_PORT")}
    if samples:
        ports["the sample feeds"] = ("127.0.0.1", settings.sample_feeds_port, "MEDIAMON_SAMPLE_FEEDS_PORT")
    for name, port, variable in (("the worker's metrics", settings.metrics_port, "MEDIAMON_METRICS_PORT"),
                                 ("the poller's metrics", settings.poller_metrics_port,
                                  "MEDIAMON_POLLER_METRICS_PORT"),
                                 ("the API's metrics", settings.api_metrics_port, "MEDIAMON_API_METRICS_PORT")):
        if port:
            ports[name] = ("127.0.0.1", port, variable)
    return ports


def _check_ports_free(settings: Settings, samples: bool) -> None:
    """Fail before starting anything: a child that cannot bind its port would otherwise die after
    the stack is up, and `run` would stop everything with a less helpful message."""
    for what, (host, port, variable) in _ports_to_listen_on(settings, samples).items():
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As the servers do: a port whose old connections linger in TIME_WAIT is still free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise MediamonError(f"port {port} on {host} for {what} is taken ({exc.strerror}): another "
                                    f"`mediamon run` or another program uses it; stop it, or set {variable} "
                                    f"to a free port") from None


def _search_where(settings: Settings) -> str:
    if settings.search_backend == "local":
        return f"search: embedded index in {local_index_path(settings)}"
    return f"search: Elasticsearch {settings.es_url}"


# Name -> `mediamon` args. One worker with every stage, not one process per stage as in
# docker-compose: with the servers on the same cores (always so under `make run`) one process gave
# 304-311 articles/s against 202-238 for three stage processes, with less memory (bench/RESULTS.md);
# the stage split pays off under large backlogs and when the servers have their own machines.
CHILDREN = {"worker": ["worker"], "poller": ["poll"], "api": ["api"]}


def _spawn(name: str, log_dir: Path) -> subprocess.Popen[bytes]:
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / f"{name}.log", "ab") as log_file:
        return subprocess.Popen([sys.executable, "-m", "mediamon", *CHILDREN[name]],
                                stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True,
                                env={**os.environ, "MEDIAMON_PARENT_PID": str(os.getpid())})


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@click.command("run")
@click.option("--samples/--no-samples", default=True, show_default=True,
              help="serve the bundled sample feeds on MEDIAMON_SAMPLE_FEEDS_PORT")
@click.pass_obj
def run(settings: Settings, samples: bool) -> None:
    """Start the local stack, sample feeds, poller and workers; show a status line until Ctrl-C."""
    from ingest.sample_server import start_sample_server

    signal.signal(signal.SIGTERM, _raise_stop)
    started_stack = settings.wants_local_stack and stack.status(settings).pid is None
    children: dict[str, subprocess.Popen[bytes]] = {}
    sample_server = None
    exit_code = 0
    try:
        _check_ports_free(settings, samples)
        click.echo(f"starting: Kafka {settings.kafka_bootstrap}; {_search_where(settings)} …")
        _prepare(settings, start_stack=settings.wants_local_stack)
        click.echo(ensure_local_admin_token(settings))
        if samples:
            sample_server = start_sample_server("127.0.0.1", settings.sample_feeds_port)
        log_dir = settings.data_dir / "logs"
        children = {name: _spawn(name, log_dir) for name in CHILDREN}
        click.echo(f"console: {console_url(settings)}")
        click.echo(f"running; logs in {log_dir}/; search with `mediamon search ОДКБ`; Ctrl-C stops")
        click.echo(metrics.where(settings))
        reader = StatusReader(settings, index_counts(settings, lambda: sync_client(settings)))
        while True:
            for name, child in children.items():
                if child.poll() == EXIT_STALLED:
                    # The worker's own liveness check gave up on a stuck consumer: restart it, as a
                    # supervisor would; it resumes from its committed offsets.
                    click.echo(f"\n{name} made no progress and exited; restarting it")
                    children[name] = _spawn(name, log_dir)
                elif child.poll() is not None:
                    raise MediamonError(f"the {name} exited with code {child.returncode}; "
                                        f"see {log_dir / (name + '.log')}")
            line = reader.read().line()
            if sys.stdout.isatty():
                click.echo(in_place(line, shutil.get_terminal_size().columns), nl=False)
            else:
                click.echo(line)
            time.sleep(STATUS_EVERY_SECONDS)
    except (KeyboardInterrupt, _Stop):
        click.echo("\nstopping …")
    except MediamonError as exc:
        click.echo(f"\nerror: {exc}", err=True)
        exit_code = 1
    finally:
        for child in reversed(children.values()):
            _stop(child)
        if sample_server is not None:
            sample_server.stop()
        if started_stack:
            stack.down(settings)
        click.echo("stopped")
    sys.exit(exit_code)


def register(cli: click.Group) -> None:
    cli.add_command(run)
