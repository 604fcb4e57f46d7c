"""End-to-end pipeline figures: sustained articles/s from articles.raw to searchable, latency
produce -> searchable at 10/50/90 % of that rate, per-stage cost on one core, memory per process.

Run: `.venv/bin/python -m bench.bench_pipeline [--articles 100000] [--workers 1] [--latency-seconds 20]
[--config all --config split,MEDIAMON_INDEX_BATCH_SECONDS=0.25 ...]`.
Uses MEDIAMON_KAFKA_BOOTSTRAP / MEDIAMON_ES_URL (any Kafka + Elasticsearch 8); when those are
loopback and nothing answers, a private noida-db is started in a temporary folder and stopped.
Real `mediamon worker` subprocesses do the work; topics and indices get a unique prefix per
configuration. Several `--config`s run one after the other in one invocation on one server, so
their figures compare under the same machine load (the machine is shared): compare ratios.

"Searchable" means an `ids` search over the articles alias finds the document (so it includes
Elasticsearch's refresh); a watcher asks every 100 ms, which bounds the latency resolution.
"Alerted" means a local webhook received the alert of a subscription to CSTO and SMO mentions
(a third of the articles). Each latency run gets a new subscription, since a subscription folds
copies of a story it already alerted on; within a run copies are folded too, so fewer arrive.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psutil
from kafka import KafkaProducer

from bench.machine import machine_line
from bench.pipeline_stages import raw_articles, stage_enrich, stage_index, stage_parse, summarise
from mediamon import stack
from mediamon.elastic import load_templates, setup, sync_client
from mediamon.kafka_topics import ensure_topics
from mediamon.records import Channel, RawArticle, Subscription
from mediamon.settings import Settings, free_port
from mediamon.topology import ARTICLES_RAW
from processors.alerts import repo
from tests.integration.alerts_helpers import WebhookReceiver

REPO = Path(__file__).resolve().parent.parent
WATCH_SECONDS = 0.1
# After the last article was searchable, alerts still on their way get this long to arrive.
ALERT_GRACE_SECONDS = 15.0
# `split`: each worker slot is one `mediamon worker --stage S` process per stage (own consumer group).
LAYOUTS = {"all": ("all",), "split": ("enrich", "index", "alerts")}


@dataclass(frozen=True)
class Config:
    """One configuration to measure: process layout plus extra worker environment."""

    layout: str
    env: dict[str, str]

    @classmethod
    def parse(cls, spec: str, common: dict[str, str]) -> "Config":
        layout, *pairs = spec.split(",")
        if layout not in LAYOUTS:
            raise SystemExit(f"--config {spec!r}: layout must be one of {', '.join(LAYOUTS)}")
        return cls(layout, {**common, **dict(pair.split("=", 1) for pair in pairs)})

    def __str__(self) -> str:
        return ",".join([self.layout, *(f"{k}={v}" for k, v in self.env.items())])


def fresh_names(settings: Settings) -> Settings:
    """Same servers, new topic/index prefix and app id: each configuration starts from empty topics."""
    unique = uuid.uuid4().hex[:6]
    fresh = settings.model_copy(update={"topic_prefix": f"bench{unique}.", "index_prefix": f"bench{unique}-",
                                        "app_id": f"mediamon-bench-{unique}"})
    ensure_topics(fresh)
    with sync_client(fresh) as es:
        setup(es, load_templates(fresh))
    return fresh


@contextmanager
def pipeline_stack() -> Iterator[tuple[Settings, int | None]]:
    """Settings with a unique prefix; yields the noida-db pid when we started one (for its RSS)."""
    unique = uuid.uuid4().hex[:6]
    # The pipeline figures are for the Elasticsearch path (compose, production); the embedded engine
    # of the local default is measured by bench_local_search.
    names = {"topic_prefix": f"bench{unique}.", "index_prefix": f"bench{unique}-", "app_id": f"mediamon-bench-{unique}",
             "search_backend": "elasticsearch", "alerts_allow_private_networks": True, "smtp_security": "none"}
    settings = Settings(**names)
    started = None
    if settings.wants_local_stack and not stack.kafka_answers(settings):
        # A new Settings, not model_copy: the copy would keep the cached host/port of the old URLs.
        started = Settings(**names, kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                           data_dir=Path(tempfile.mkdtemp(prefix="mediamon-bench-")))
        stack.up(started, timeout=90)
        settings = started
    try:
        pid = stack.status(settings).pid if started else None
        yield settings, pid
    finally:
        if started:
            stack.down(started)


def start_workers(settings: Settings, count: int, log_dir: Path, profile: Path | None,
                  config: Config) -> dict[str, subprocess.Popen]:
    """`mediamon worker` processes by name; with `profile`, the first runs under cProfile writing there.
    The config's env tries settings (faust reads e.g. STREAM_BUFFER_MAXSIZE from the environment)."""
    env = dict(os.environ, **config.env, MEDIAMON_KAFKA_BOOTSTRAP=settings.kafka_bootstrap, MEDIAMON_ES_URL=settings.es_url,
               MEDIAMON_TOPIC_PREFIX=settings.topic_prefix, MEDIAMON_INDEX_PREFIX=settings.index_prefix,
               MEDIAMON_APP_ID=settings.app_id, MEDIAMON_DATA_DIR=str(settings.data_dir),
               MEDIAMON_TOPIC_PARTITIONS=str(settings.topic_partitions), MEDIAMON_LOG_LEVEL="WARNING")
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    processes: dict[str, subprocess.Popen] = {}
    for n in range(count):
        for stage in LAYOUTS[config.layout]:
            name = f"worker {n}" + (f" {stage}" if stage != "all" else "")
            with open(log_dir / f"{name.replace(' ', '-')}.log", "ab") as log:
                processes[name] = subprocess.Popen(
                    [sys.executable, *(profiler if not processes else []), "-m", "mediamon", "worker", "--stage", stage],
                    cwd=REPO, env=dict(env, MEDIAMON_WORKER_INSTANCE_ID=f"{settings.app_id}-{n}"),
                    stdout=log, stderr=subprocess.STDOUT)
    return processes


def produce(settings: Settings, articles: list[RawArticle], rate: float | None = None) -> dict[str, float]:
    """Send the articles (paced at `rate`/s when given); returns id -> time Kafka acknowledged it."""
    # A backlog goes out in large batches; paced sends leave at once, as the poller's would.
    batching = {"linger_ms": 0} if rate else {"linger_ms": 50, "batch_size": 1_000_000}
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", **batching)
    acked: dict[str, float] = {}
    started = time.monotonic()
    for number, article in enumerate(articles):
        if rate:
            delay = started + number / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        future = producer.send(settings.topic(ARTICLES_RAW), key=article.id.encode(), value=article.dumps())
        future.add_callback(lambda _meta, article_id=article.id: acked.__setitem__(article_id, time.time()))
    producer.flush(1800)
    producer.close()
    return acked


def searchable_count(settings: Settings, refresh: bool = False) -> int:
    with sync_client(settings, request_timeout=30) as es:
        if refresh:
            es.indices.refresh(index=settings.index_name("articles"))
        return int(es.count(index=settings.index_name("articles"))["count"])


def cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    try:
        process = psutil.Process(pid)
        return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])
    except psutil.NoSuchProcess:
        return float("nan")


def sustained(settings: Settings, articles: list[RawArticle], workers: int, log_dir: Path, server_pid: int | None,
              profile: Path | None, config: Config) -> tuple[float, dict[str, subprocess.Popen], str]:
    """Backlog first, then workers: articles/s from the workers' start to the last searchable
    article (start-up included, it is seconds against minutes), and the CPU seconds each process
    spent per 1,000 articles (where the time goes)."""
    before = searchable_count(settings, refresh=True)  # the per-stage run's documents do not count
    started = time.monotonic()
    produce(settings, articles)
    print(f"backlog: {len(articles):,} articles produced in {time.monotonic() - started:.0f} s", flush=True)
    server_cpu = cpu_seconds(server_pid)
    processes = start_workers(settings, workers, log_dir, profile, config)
    began = time.monotonic()
    first = last = None
    count = 0
    deadline = time.monotonic() + 3600
    while count < len(articles) and time.monotonic() < deadline:
        time.sleep(1.0)
        count = searchable_count(settings) - before
        now = time.monotonic()
        if count and first is None:
            first = (now, count)
        last = (now, count)
    assert first and last and last[0] > first[0], "no article became searchable"
    rate = last[1] / (last[0] - began)
    per_k = 1000 / max(last[1], 1)
    spent = ", ".join(f"{name} {cpu_seconds(p.pid) * per_k:.2f} s" for name, p in processes.items())
    spent += f", noida-db {(cpu_seconds(server_pid) - server_cpu) * per_k:.2f} s"
    return rate, processes, (f"{last[1]} of {len(articles)} searchable {last[0] - began:.0f} s after the workers "
                             f"started, the first after {first[0] - began:.0f} s ({first[1]} at once); "
                             f"CPU per 1,000 articles: {spent}")


def subscribe(settings: Settings, hook: WebhookReceiver, name: str) -> str:
    """A subscription whose webhook deliveries time produce -> alert; returns its webhook path.
    Workers pick it up from the subscriptions topic while running."""
    path = f"/e2e/{name}"
    sub = Subscription(id=f"bench-{name}", name=f"pipeline latency {name}", entities=["CSTO", "SMO"],
                       max_per_minute=1_000_000, channels=[Channel(kind="webhook", target=hook.url(path))])
    repo.write(settings, [repo.encode(sub)])
    time.sleep(2.0)
    return path


def latency(settings: Settings, articles: list[RawArticle], rate: float,
            hook: WebhookReceiver) -> tuple[list[float], list[float], list[float], int, list[float]]:
    """Produce at `rate`/s; a watcher notes when each id becomes searchable. Returns produce ->
    searchable and produce -> indexed (the indexer's `indexed` stamp) latencies, the watcher's
    query times (its resolution), how many ids were never seen, and produce -> webhook receipt of
    the alerts. Wall clock: one machine."""
    alert_path = subscribe(settings, hook, articles[0].id.rsplit("-", 1)[0])
    seen: dict[str, float] = {}
    indexed: dict[str, float] = {}
    queries: list[float] = []
    pending = {a.id for a in articles}
    done = threading.Event()

    def watch() -> None:
        with sync_client(settings, request_timeout=30) as es:
            while pending and not done.is_set():
                batch = list(pending)[:5000]
                asked = time.time()
                found = es.search(index=settings.index_name("articles"), query={"ids": {"values": batch}},
                                  size=len(batch), source=["indexed"])
                now = time.time()
                queries.append(now - asked)
                for hit in found["hits"]["hits"]:
                    seen[hit["_id"]] = now
                    indexed[hit["_id"]] = datetime.fromisoformat(hit["_source"]["indexed"]).timestamp()
                    pending.discard(hit["_id"])
                time.sleep(WATCH_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    acked = produce(settings, articles, rate)
    watcher.join(timeout=120)
    done.set()
    time.sleep(ALERT_GRACE_SECONDS)
    alerted = {}
    for receipt in hook.at(alert_path):
        article_id = json.loads(receipt.body).get("article_id")
        if article_id in acked:
            alerted.setdefault(article_id, receipt.at)
    ids = [i for i in seen if i in acked]
    return (sorted(seen[i] - acked[i] for i in ids), sorted(indexed[i] - acked[i] for i in ids), sorted(queries),
            len(pending), sorted(at - acked[i] for i, at in alerted.items()))


def percentile(values: list[float], pct: float) -> float:
    return values[min(len(values) - 1, round(pct / 100 * (len(values) - 1)))] if values else float("nan")


def rss_mb(pid: int) -> float:
    try:
        process = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return float("nan")


def measure(settings: Settings, config: Config, args: argparse.Namespace, server_pid: int | None,
            logs: Path, hook: WebhookReceiver) -> tuple[float, list, dict[str, float]]:
    """Sustained rate, then latency at 10/50/90 % of it, for one configuration on fresh topics."""
    settings = fresh_names(settings)
    run_id = uuid.uuid4().hex[:6]
    backlog = raw_articles(args.articles, f"e2e-{run_id}")
    worker_profile = logs / "worker.prof" if args.profile_worker else None
    rate, workers, detail = sustained(settings, backlog, args.workers, logs, server_pid, worker_profile, config)
    memory = {f"{name} (pid {w.pid})": rss_mb(w.pid) for name, w in workers.items()}
    print(f"\n## end to end, {args.workers} worker slot(s), config {config}: {rate:,.0f} articles/s sustained "
          f"({detail})", flush=True)
    results = []
    try:
        for share in (0.1, 0.5, 0.9):
            target = share * rate
            count = max(20, int(target * args.latency_seconds))
            found, stamped, queries, missing, alerted = latency(
                settings, raw_articles(count, f"lat{int(share * 100)}-{run_id}"), target, hook)
            results.append((share, target, count, found, stamped, queries, missing, alerted))
    finally:
        for worker in workers.values():
            worker.terminate()
            worker.wait(60)
    if worker_profile and worker_profile.exists():
        print(f"\n## first worker process profile (whole run, by own time)\n"
              f"{summarise(pstats.Stats(str(worker_profile)), args.profile_lines)}")
    return rate, results, memory


def print_tables(rows: list[tuple[str, float]], measured: list[tuple[Config, float, list, dict[str, float]]],
                 workers: int, articles: int) -> None:
    if rows:
        print("\n| stage (one core) | articles/s |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value:,.0f} |")
    print(f"\n| config ({workers} worker slot(s)) | sustained articles/s, raw -> searchable |\n|---|---|")
    for config, rate, _, _ in measured:
        print(f"| {config} | {rate:,.0f} |")
    print("\n| config | load | rate/s | articles | p50 s | p95 s | p99 s | max s | not seen | p50 to `indexed` stamp s "
          "| watcher query p50 s | alerts | alert p50 s | alert p95 s | alert p99 s |"
          "\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for config, _, results, _ in measured:
        for share, target, count, found, stamped, queries, missing, alerted in results:
            print(f"| {config} | {share:.0%} | {target:,.0f} | {count} | {percentile(found, 50):.2f} "
                  f"| {percentile(found, 95):.2f} | {percentile(found, 99):.2f} "
                  f"| {found[-1] if found else float('nan'):.2f} | {missing} "
                  f"| {percentile(stamped, 50):.2f} | {percentile(queries, 50):.2f} | {len(alerted)} "
                  f"| {percentile(alerted, 50):.2f} | {percentile(alerted, 95):.2f} | {percentile(alerted, 99):.2f} |")
    print(f"\n| config | process | RSS MiB after {articles:,} articles |\n|---|---|---|")
    for config, _, _, memory in measured:
        for name, value in memory.items():
            print(f"| {config} | {name} | {value:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="backlog for the sustained run")
    parser.add_argument("--workers", type=int, default=1, help="worker slots (a split slot is one process per stage)")
    parser.add_argument("--latency-seconds", type=float, default=20.0, help="length of each latency run")
    parser.add_argument("--stage-articles", type=int, default=2_000, help="0 skips the per-stage runs")
    parser.add_argument("--profile-lines", type=int, default=8)
    parser.add_argument("--profile-worker", action="store_true", help="run the first worker under cProfile")
    parser.add_argument("--config", action="append", default=[], metavar="LAYOUT[,NAME=VALUE...]",
                        help=f"layout ({' or '.join(LAYOUTS)}) and extra worker environment; repeat to compare "
                             "configurations in one run (default: split)")
    parser.add_argument("--worker-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for every configuration's workers, e.g. STREAM_BUFFER_MAXSIZE=256")
    args = parser.parse_args()
    common = dict(item.split("=", 1) for item in args.worker_env)
    configs = [Config.parse(spec, common) for spec in args.config or ["split"]]
    print(machine_line())
    sample = raw_articles(args.stage_articles, f"stage-{uuid.uuid4().hex[:6]}")
    rows = []
    for name, stage in (("parse (feedparser + record)", stage_parse), ("enrich (decode+enrich+encode)", stage_enrich)):
        if sample:
            done, seconds, profile = stage(sample, args.profile_lines)
            rows.append((name, done / seconds))
            print(f"\n## {name}: {done} articles in {seconds:.2f} s CPU = {done / seconds:,.0f} articles/s/core\n{profile}")

    measured = []
    hook = WebhookReceiver()
    with pipeline_stack() as (settings, server_pid), tempfile.TemporaryDirectory() as logs:
        with sync_client(settings) as es:
            print(f"\nservers: Kafka {settings.kafka_bootstrap}, Elasticsearch {settings.es_url} "
                  f"({es.info()['version']['number']})")
        if sample:
            done, wall, profile = stage_index(fresh_names(settings), sample, args.profile_lines)
            rows.append(("index (build + bulk 500)", done / wall))
            print(f"\n## index: {done} documents in {wall:.2f} s wall = {done / wall:,.0f} docs/s {profile}")
        for config in configs:
            rate, results, memory = measure(settings, config, args, server_pid, Path(logs), hook)
            if server_pid:
                memory[f"noida-db (pid {server_pid})"] = rss_mb(server_pid)
            memory["this benchmark (producer)"] = rss_mb(os.getpid())
            measured.append((config, rate, results, memory))
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    hook.close()
    print_tables(rows, measured, args.workers, args.articles)


if __name__ == "__main__":
    main()
