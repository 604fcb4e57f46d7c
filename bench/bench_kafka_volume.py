"""The local server's memory and disk as the pipeline topics grow, with and without retention.

Run: `.venv/bin/python -m bench.bench_kafka_volume [--articles 300000] [--retention-mb 256]`.
Starts a private local server (noida-db), creates `articles.raw` and `articles.enriched` with the
retention of `mediamon/topology.py` for the local server (or `--retention-mb` per partition), produces article-sized
records (the size of a real enriched record, ~2.3 KB) to both, and prints the server's resident
memory and data-dir size at steps. `--retention-mb 0` creates the topics without retention.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psutil
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

from bench.machine import machine_line
from mediamon import stack
from mediamon.settings import Settings, free_port
from mediamon.topology import ARTICLES_ENRICHED, ARTICLES_RAW, MB, TOPICS

RECORD_BYTES = 2300


def _server_rss(settings: Settings) -> float:
    pid = stack.status(settings).pid
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 1e6


def _disk(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300_000)
    parser.add_argument("--retention-mb", type=int, default=None,
                        help="retention.bytes per partition in MB (default: topology.py's; 0: none)")
    args = parser.parse_args()
    print(machine_line())
    data_dir = Path(tempfile.mkdtemp(prefix="mediamon-kafka-volume-"))
    settings = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                        data_dir=data_dir)
    stack.up(settings, timeout=90)
    try:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
        budget = settings.kafka_retention_bytes_per_partition if args.retention_mb is None else args.retention_mb * MB
        for spec in (spec for spec in TOPICS if spec.name in (ARTICLES_RAW, ARTICLES_ENRICHED)):
            configs = spec.configs(budget) if budget else {}
            admin.create_topics([NewTopic(spec.name, settings.topic_partitions, 1, topic_configs=configs)])
            print(f"{spec.name}: {settings.topic_partitions} partitions, configs {configs or 'none'}")
        producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, linger_ms=20, acks=1)
        value = b"x" * RECORD_BYTES
        print(f"at start: server RSS {_server_rss(settings):,.0f} MB, data dir {_disk(data_dir):,.0f} MB")
        steps = sorted({args.articles // 6, args.articles // 3, 2 * args.articles // 3, args.articles})
        sent, started = 0, time.perf_counter()
        for step in steps:
            while sent < step:
                producer.send(ARTICLES_RAW, key=str(sent).encode(), value=value)
                producer.send(ARTICLES_ENRICHED, key=str(sent).encode(), value=value)
                sent += 1
            producer.flush()
            time.sleep(2)
            print(f"{sent:,} articles on each topic ({2 * sent * RECORD_BYTES / 1e6:,.0f} MB produced, "
                  f"{time.perf_counter() - started:.0f} s): server RSS {_server_rss(settings):,.0f} MB, "
                  f"data dir {_disk(data_dir):,.0f} MB")
    finally:
        stack.down(settings)


if __name__ == "__main__":
    main()
