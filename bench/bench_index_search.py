"""Indexing throughput through the indexer's own code, and search latency over the `articles` alias.

Run: `.venv/bin/python -m bench.bench_index_search [--articles 100000] [--queries 20]` (`--queries 0`: indexing only).
Uses MEDIAMON_ES_URL (any Elasticsearch 8); when that is loopback and nothing answers, a
temporary local stack is started and stopped. Indices get a unique prefix and are deleted
afterwards (`--keep` leaves them). Indexing goes through `to_action` + `BulkIndexer` in
batches of MEDIAMON_INDEX_BATCH_SIZE, one batch at a time as one agent does. Search runs
`SearchService` with a boolean query, filters and all facets, as the API does.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.machine import machine_line
from mediamon import stack
from mediamon.elastic import async_client, load_templates, setup, sync_client
from mediamon.records import EnrichedArticle, Mention, TopicScore
from mediamon.search import SearchParams, SearchService
from mediamon.settings import Settings, free_port
from processors.indexer.bulk import BulkIndexer
from processors.indexer.documents import to_action

WORDS = {
    "ru": "саммит лидеры страны обсудили учения безопасность договор организация военная операция экономика рынок "
          "погода выборы парламент министр заявил неделя граница переговоры".split(),
    "en": "summit leaders countries discussed exercises security treaty organization war invasion economy market "
          "weather election parliament minister said week border talks".split(),
    "kk": "саммит басшылар елдер қауіпсіздік шарт ұйым экономика нарық ауа райы сайлау парламент министр".split(),
    "de": "Gipfel Staaten besprachen Übungen Sicherheit Vertrag Organisation Krieg Wirtschaft Markt Wahl".split(),
}
MENTIONS = {"ru": [("CSTO", "ОДКБ", None), ("SMO", "военная операция", "kremlin"), ("SMO", "война", "war")],
            "en": [("CSTO", "CSTO", None), ("SMO", "war in Ukraine", "war"), ("SMO", "special military operation", "kremlin")],
            "kk": [("CSTO", "ҰҚШҰ", None)], "de": [("SMO", "Krieg in der Ukraine", "war")]}
TOPICS = [("11000000", "politics"), ("16000000", "conflict, war and peace"), ("04000000", "economy, business and finance"),
          ("17000000", "weather")]
QUERY = '(ОДКБ OR CSTO OR "военная операция" OR war) AND NOT lang:kk'
# What the search benchmark asks, as the API does (facets on each): name -> parameters.
QUERIES = {
    "monitoring query (words, phrase, NOT, entity/country/30-day filters)":
        SearchParams(q=QUERY, entity=["CSTO", "SMO"], country=["RU", "GB", "DE"], since="30d", size=20),
    "single keyword + entity filter": SearchParams(q="war", entity=["SMO"], size=20),
    "phrase, 7 days": SearchParams(q='"военная операция"', since="7d", size=20),
    "all articles + facets": SearchParams(q="*", size=20),
}


def generate(count: int, seed: int = 11, start: int = 0) -> list[EnrichedArticle]:
    """`count` articles numbered from `start` (chunks of a large corpus get distinct ids)."""
    rng = random.Random(seed + start)
    now = datetime.now(timezone.utc)
    articles = []
    for n in range(start, start + count):
        lang = rng.choices(list(WORDS), weights=[5, 3, 1, 1])[0]
        words = rng.choices(WORDS[lang], k=70)
        mentions, entities = [], []
        if rng.random() < 0.3:
            entity, surface, framing = rng.choice(MENTIONS[lang])
            words.insert(5, surface)
            mentions = [Mention(entity=entity, surface=surface, start=0, end=len(surface), field="text",
                                confidence=0.9, framing=framing)]
            entities = [entity]
        topic = rng.choice(TOPICS)
        articles.append(EnrichedArticle(
            id=f"bench{n:07d}", url=f"http://bench.example/{n}", feed_url=f"http://bench.example/feed{n % 200}",
            source=f"Source {n % 200}", title=" ".join(words[:8]), text=" ".join(words),
            published=now - timedelta(minutes=rng.randrange(90 * 24 * 60)), fetched=now, lang=lang,
            country=rng.choice(["RU", "KZ", "GB", "DE"]), mentions=mentions, entities=entities,
            topics=[TopicScore(id=topic[0], label=topic[1], score=0.7)]))
    return articles


async def index_all(settings: Settings, articles: list[EnrichedArticle]) -> float:
    templates = load_templates(settings)
    size = settings.index_batch_size
    async with async_client(settings) as es:
        indexer = BulkIndexer(es, max_delay=settings.index_retry_max_seconds)
        started = time.perf_counter()
        for start in range(0, len(articles), size):
            now = datetime.now(timezone.utc)
            result = await indexer.index([to_action(a, templates, now) for a in articles[start:start + size]])
            assert not result.rejected, result.rejected[:3]
        elapsed = time.perf_counter() - started
        await es.indices.refresh(index=templates.alias)
    return elapsed


async def search_latencies(settings: Settings, params: SearchParams, queries: int) -> tuple[list[float], int]:
    # The local test server scans every document per text clause: give it time, real ES needs none.
    async with async_client(settings, request_timeout=900) as es:
        service = SearchService(es, load_templates(settings))
        await service.search(params, facets=True)  # warm-up
        timings = []
        total = 0
        for _ in range(queries):
            started = time.perf_counter()
            result = await service.search(params, facets=True)
            timings.append(time.perf_counter() - started)
            total = result.total
    return timings, total


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark indices")
    parser.add_argument("--only", help="time only the queries whose name contains this")
    args = parser.parse_args()

    settings = Settings(index_prefix=f"bench{uuid.uuid4().hex[:6]}-")
    started_stack = None
    if settings.wants_local_stack and not stack.elasticsearch_answers(settings):
        data_dir = Path(tempfile.mkdtemp(prefix="mediamon-bench-"))
        started_stack = settings.model_copy(update={"es_url": f"http://127.0.0.1:{free_port()}",
                                                    "kafka_bootstrap": f"127.0.0.1:{free_port()}",
                                                    "data_dir": data_dir})
        stack.up(started_stack, timeout=90)
        settings = started_stack.model_copy(update={"index_prefix": settings.index_prefix})
    es = sync_client(settings, request_timeout=900)
    try:
        setup(es, load_templates(settings))
        server = es.info()["version"]
        print(machine_line())
        print(f"server: {settings.es_url} reports Elasticsearch {server['number']} (build {server.get('build_hash')})")
        articles = generate(args.articles)
        elapsed = asyncio.run(index_all(settings, articles))
        print(f"indexing: {args.articles} articles in {elapsed:.1f} s = {args.articles / elapsed:,.0f} docs/s "
              f"(batches of {settings.index_batch_size}, document building included)")
        if args.queries < 1:
            return
        for name, params in QUERIES.items():
            if args.only and args.only not in name:
                continue
            timings, total = asyncio.run(search_latencies(settings, params, args.queries))
            print(f"search, {name} + 7 facets, {total} hits of {args.articles}: p50 "
                  f"{statistics.median(timings) * 1000:.0f} ms, p95 {_percentile(timings, 95) * 1000:.0f} ms "
                  f"over {args.queries} queries")
    finally:
        if not args.keep:
            # Elasticsearch 8 refuses wildcard deletes by default (action.destructive_requires_name).
            names = list(es.indices.get(index=f"{settings.index_name('articles')}-*", allow_no_indices=True))
            if names:
                es.indices.delete(index=",".join(names))
            es.options(ignore_status=404).indices.delete_index_template(name=settings.index_name("articles"))
            for name in ("articles-settings", "articles-mappings"):
                es.options(ignore_status=404).cluster.delete_component_template(name=settings.index_name(name))
        es.close()
        if started_stack is not None:
            stack.down(started_stack)


if __name__ == "__main__":
    main()
