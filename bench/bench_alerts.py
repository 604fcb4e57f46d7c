"""Alerts: matching throughput against 10,000 subscriptions, and alert latency from
`articles.enriched` to webhook receipt on the local stack (or any Kafka given by MEDIAMON_*).

Run: `.venv/bin/python -m bench.bench_alerts [--subscriptions 10000] [--articles 5000] [--latency-articles 200]`.
Matching runs in this process over generated Russian/English articles with a mix of entity,
language, source, topic and boolean-query subscriptions. Latency starts a `mediamon worker`
subprocess with all the subscriptions loaded, one of which points at a local HTTP receiver, and
produces articles at a steady rate, timing each from the produce call to the webhook's receipt.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from bench.machine import machine_line
from mediamon.records import Channel, EnrichedArticle, Subscription, TopicScore
from mediamon.settings import Settings
from processors.subscriptions.filter_index import SubscriptionIndex

ENTITIES = ("CSTO", "SMO")
LANGS = ("ru", "en", "uk", "kk", "hy")
# Latency articles mention an entity only the receiver's subscription follows: the other 10,000 are
# loaded and looked up, but their (unreachable) webhooks are not what is measured.
LATENCY_ENTITY = "BENCH"
TOPICS = ("politics", "economy", "conflict", "society")
QUERIES = ("саммит AND NOT учения", '"военная операция"', "entity:CSTO AND lang:ru", "минск* OR астан*",
           "security AND (treaty OR summit)")
TEXTS = {"ru": ("Саммит ОДКБ в Минске", "Лидеры ОДКБ обсудили специальную военную операцию и учения в Минске."),
         "en": ("CSTO summit in Astana", "CSTO leaders discussed the security treaty and joint exercises."),
         "uk": ("Саміт ОДКБ", "Лідери ОДКБ обговорили безпеку."),
         "kk": ("ҰҚШҰ саммиті", "ҰҚШҰ басшылары қауіпсіздікті талқылады."),
         "hy": ("ՀԱՊԿ գագաթնաժողով", "ՀԱՊԿ ղեկավարները քննարկեցին անվտանգությունը:")}


def subscriptions(count: int, hook: str | None = None) -> list[Subscription]:
    """A realistic mix: most filter on an entity plus a language or source; some use queries."""
    rng = random.Random(7)
    subs = []
    for i in range(count):
        kind = i % 10
        sub = Subscription(id=f"bench{i:05d}", name=f"bench {i}", max_per_minute=100_000,
                           channels=[Channel(kind="webhook", target=f"http://127.0.0.1:9/{i}")])
        sub.entities = [rng.choice(ENTITIES)]
        if kind < 4:
            sub.languages = [rng.choice(LANGS)]
        elif kind < 7:
            sub.sources = [f"source{rng.randrange(500)}"]
        elif kind < 8:
            sub.topics = [rng.choice(TOPICS)]
        else:
            sub.query = rng.choice(QUERIES)
        subs.append(sub)
    if hook:
        subs.append(Subscription(id="bench-hook", name="latency", entities=[LATENCY_ENTITY], max_per_minute=100_000,
                                 channels=[Channel(kind="webhook", target=hook, secret="bench-secret")]))
    return subs


def articles(count: int, entity: str | None = None) -> list[EnrichedArticle]:
    rng = random.Random(11)
    now = datetime.now(timezone.utc)
    found = []
    for i in range(count):
        lang = rng.choice(LANGS)
        title, text = TEXTS[lang]
        entities = [entity] if entity else rng.sample(ENTITIES, rng.randint(1, 2))
        found.append(EnrichedArticle(
            id=uuid.uuid4().hex, url=f"https://example.org/{i}", feed_url="https://example.org/rss",
            source=f"source{rng.randrange(500)}", title=f"{title} {i}", text=text, published=now,
            fetched=now, lang=lang, entities=entities, topics=[TopicScore(id=rng.choice(TOPICS), label="", score=1)],
            version="v1"))
    return found


def bench_matching(sub_count: int, article_count: int) -> None:
    index = SubscriptionIndex()
    started = time.perf_counter()
    for sub in subscriptions(sub_count):
        index.put(sub)
    loaded = time.perf_counter() - started
    sample = articles(article_count)
    started, cpu_started = time.perf_counter(), time.process_time()
    matches = sum(len(index.match(article)) for article in sample)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time as well: on a shared machine the wall-clock figure mostly measures the neighbours.
    print(f"matching: {sub_count} subscriptions indexed in {loaded:.2f} s; {article_count} articles in "
          f"{elapsed:.2f} s = {article_count / elapsed:,.0f} articles/s ({article_count / cpu:,.0f} per CPU-second, "
          f"load average {os.getloadavg()[0]:.1f}), {matches / article_count:.1f} matches/article")


def bench_latency(settings: Settings, sub_count: int, article_count: int, rate: float) -> None:
    from mediamon.kafka_topics import ensure_topics
    from processors.alerts import repo
    from tests.conftest import mediamon_env
    from tests.integration.alerts_helpers import ArticleProducer, WebhookReceiver, wait_for

    ensure_topics(settings)
    hook = WebhookReceiver()
    repo.write(settings, [repo.encode(sub) for sub in subscriptions(sub_count, hook.url("/bench"))])
    log = Path(tempfile.mkdtemp()) / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "mediamon", "worker"], env=mediamon_env(settings),
                              stdout=log.open("wb"), stderr=subprocess.STDOUT)
    producer = ArticleProducer(settings)
    try:
        if not wait_for(lambda: "subscriptions loaded" in log.read_text() and "Ready" in log.read_text(), 120):
            raise SystemExit(f"worker did not start:\n{log.read_text()[-3000:]}")
        sent: dict[str, float] = {}
        for article in articles(article_count, entity=LATENCY_ENTITY):
            sent[article.id] = producer.send(article)
            time.sleep(1 / rate)
        wait_for(lambda: len(hook.at("/bench")) >= article_count, 60)
        latencies = sorted(r.at - sent[json.loads(r.body)["article_id"]] for r in hook.at("/bench"))
        p50, p95 = statistics.quantiles(latencies, n=100)[49], statistics.quantiles(latencies, n=100)[94]
        print(f"latency: {len(latencies)}/{article_count} alerts received at {rate:.0f} articles/s with "
              f"{sub_count} subscriptions loaded; articles.enriched -> webhook p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    finally:
        producer.close()
        worker.terminate()
        worker.wait(30)
        hook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--latency-articles", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="articles/s produced in the latency run")
    parser.add_argument("--no-latency", action="store_true")
    args = parser.parse_args()
    print(machine_line())
    bench_matching(args.subscriptions, args.articles)
    if args.no_latency:
        return
    from mediamon import stack

    unique = uuid.uuid4().hex[:8]
    base = Settings()
    settings = base.model_copy(update={"topic_prefix": f"bench{unique}.", "app_id": f"mediamon-bench-{unique}",
                                       "alerts_allow_private_networks": True,  # receivers on loopback
                                       "smtp_security": "none"})
    started_stack = base.wants_local_stack and not stack.status(base).kafka_up
    if started_stack:
        stack.up(base, timeout=90)
    try:
        bench_latency(settings, args.subscriptions, args.latency_articles, args.rate)
    finally:
        if started_stack:
            stack.down(base)


if __name__ == "__main__":
    main()
