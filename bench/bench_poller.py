"""Poller throughput vs the `reader` library on the same generated feeds, in the same run.

Run: `.venv/bin/python -m bench.bench_poller [--feeds 5000]`. A feed farm (aiohttp, its own
process) serves N feeds of 20-50 entries and 20-60 KB in three kinds, as real servers behave:
30% answer 304 to a conditional GET, 40% ignore it and resend the unchanged body with 200, 30%
have new entries each round. Each tool runs in its own process: a warm-up round (first fetch of
everything, not measured), one measured round per kind, then one measured round of the mix.
The poller publishes to a real local Kafka (noida-db) with acks=all; reader stores in SQLite.
Per-host politeness is off for both: all feeds share one host here, never in production.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import io
import json
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from email.utils import formatdate
from pathlib import Path

from bench.machine import machine_line

KINDS = ("not-modified", "unchanged-200", "new-entries")
SHARES = (0.3, 0.4, 0.3)
WORDS = ("ОДКБ саммит министр оборона учения Минск Астана Бишкек экономика рынок выборы парламент "
         "security treaty ministers border trade grain corridor council budget inflation energy "
         "বাজার নির্বাচন সংসদ নিরাপত্তা বাণিজ্য").split()
NEW_PER_ROUND = 3


def kind_of(index: int, count: int) -> str:
    first, second = int(count * SHARES[0]), int(count * (SHARES[0] + SHARES[1]))
    return KINDS[0] if index < first else KINDS[1] if index < second else KINDS[2]


def render_feed(index: int, round_no: int) -> bytes:
    """Feed `index` as of a content round: each round adds NEW_PER_ROUND items (and drops as many)."""
    rng = random.Random(index)
    entries, size = 20 + index % 31, 20_000 + (index * 7919) % 40_000
    newest = entries + round_no * NEW_PER_ROUND
    per_entry = size // entries
    items = []
    for number in range(newest, newest - entries, -1):
        item_rng = random.Random(index * 100_003 + number)
        title = " ".join(item_rng.choice(WORDS) for _ in range(8))
        text = " ".join(item_rng.choice(WORDS) for _ in range(per_entry // 8))
        link = f"https://site{index % 500}.example/news/{index}/{number}"
        date = formatdate(1_700_000_000 + number * 3600, usegmt=True)
        items.append(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>{date}</pubDate><description>{text}</description></item>")
    head = f"<rss version='2.0'><channel><title>Feed {index} {rng.random():.3f}</title><link>https://site.example/</link>"
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}{"".join(items)}</channel></rss>').encode()


def serve(port: int, count: int) -> None:
    """The feed farm: `/feed/N`; `/round/R` switches every feed to round R."""
    from aiohttp import web

    kinds = [KINDS.index(kind_of(i, count)) for i in range(count)]
    state = {"round": 0}
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def body(index: int) -> tuple[bytes, str]:
        content_round = state["round"] if kinds[index] == 2 else 0
        key = (index, content_round)
        if key not in cache:
            raw = render_feed(index, content_round)
            cache[key] = (gzip.compress(raw, 6), '"' + hashlib.md5(raw).hexdigest() + '"')
        return cache[key]

    async def feed(request: web.Request) -> web.Response:
        index = int(request.match_info["n"])
        compressed, etag = body(index)
        if kinds[index] != 1 and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"Content-Type": "application/rss+xml; charset=utf-8", "Content-Encoding": "gzip"}
        if kinds[index] != 1:
            headers["ETag"] = etag
        return web.Response(body=compressed, headers=headers)

    async def set_round(request: web.Request) -> web.Response:
        state["round"] = int(request.match_info["r"])
        return web.Response(text="ok")

    app = web.Application()
    app.add_routes([web.get("/feed/{n}", feed), web.get("/round/{r}", set_round)])
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def reset_peak_memory() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) so each round has its own peak."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(label: str, count: int, run) -> dict:
    reset_peak_memory()
    usage, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    run()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    return {"kind": label, "feeds": count, "wall_s": wall, "feeds_per_min": count / wall * 60,
            "cpu_s_per_1000": cpu / count * 1000, "peak_mb": peak_memory_mb()}


def set_round(base: str, round_no: int) -> None:
    urllib.request.urlopen(f"{base}/round/{round_no}").read()


def groups(base: str, count: int) -> dict[str, list[str]]:
    urls: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for i in range(count):
        urls[kind_of(i, count)].append(f"{base}/feed/{i}")
    return urls


def run_tool(tool: str, base: str, count: int, workdir: Path, kafka: str) -> list[dict]:
    by_kind = groups(base, count)
    runner = _poller_runner(by_kind, workdir, kafka) if tool == "poller" else _reader_runner(by_kind, workdir)
    set_round(base, 0)
    runner(list(KINDS))  # warm-up: every feed fetched and parsed once
    set_round(base, 1)
    rows = [measure(kind, len(by_kind[kind]), lambda kind=kind: runner([kind])) for kind in KINDS]
    set_round(base, 2)
    rows.append(measure("mix", count, lambda: runner(list(KINDS))))
    return rows


def _poller_runner(by_kind: dict[str, list[str]], workdir: Path, kafka: str):
    from ingest.feed_poll import FeedPoller
    from ingest.feeds import FeedSpec
    from ingest.fetch import Fetcher
    from ingest.publish import Publisher
    from ingest.safety import AddressPolicy
    from ingest.state import PollState, state_path
    from mediamon.settings import Settings

    settings = Settings(kafka_bootstrap=kafka, data_dir=workdir / "poller", topic_prefix="bench.",
                        poll_concurrency=64, poll_per_host_limit=64, poll_per_host_delay=0)
    state, publisher = PollState(state_path(settings)), Publisher(settings)
    specs = {kind: [FeedSpec(name=url, url=url) for url in urls] for kind, urls in by_kind.items()}

    async def poll(feeds: list[FeedSpec]) -> None:
        async with Fetcher(settings, AddressPolicy(allow_all=True)) as fetcher:
            single = FeedPoller(settings, state, publisher, fetcher)
            await asyncio.gather(*(single.poll(feed, state.feed(feed.url)) for feed in feeds))
        publisher.flush()
        assert single.kafka_failures == 0, "Kafka refused records during the benchmark"

    return lambda kinds: asyncio.run(poll([f for kind in kinds for f in specs[kind]]))


def _reader_runner(by_kind: dict[str, list[str]], workdir: Path):
    from reader import make_reader

    reader = make_reader(str(workdir / "reader.sqlite"))
    for kind, urls in by_kind.items():
        for url in urls:
            reader.add_feed(url, exist_ok=True)
            reader.set_tag(url, kind)

    def update(kinds: list[str]) -> None:
        # reader's tag filter: a list of tags is AND, a nested list is OR.
        reader.update_feeds(tags=[kinds], scheduled=False, workers=16)
    return update


def feedparser_floor(base: str, count: int) -> dict:
    """feedparser alone on the bodies that really changed (new-entries kind, round 1)."""
    import feedparser

    urls = groups(base, count)["new-entries"]
    set_round(base, 1)
    bodies = [gzip.decompress(urllib.request.urlopen(url).read()) for url in urls]  # the farm always gzips
    return measure("feedparser floor (new-entries)", len(bodies),
                   lambda: [feedparser.parse(io.BytesIO(b), response_headers={"content-type": "application/rss+xml"})
                            for b in bodies])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=5000)
    parser.add_argument("--tool", choices=("poller", "reader", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--kafka", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.feeds)
    elif args.tool == "floor":
        print(json.dumps([feedparser_floor(args.base, args.feeds)]))
    elif args.tool:
        print(json.dumps(run_tool(args.tool, args.base, args.feeds, args.workdir, args.kafka)))
    else:
        orchestrate(args.feeds)


def orchestrate(count: int) -> None:
    from mediamon import stack
    from mediamon.kafka_topics import ensure_topics
    from mediamon.settings import Settings, free_port

    # SIGTERM (a timeout, CI cancelling) must still stop the stack and the farm below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="bench-poller-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        settings = Settings(kafka_bootstrap=f"127.0.0.1:{free_port()}", es_url=f"http://127.0.0.1:{free_port()}",
                            data_dir=work / "stack", topic_prefix="bench.", topic_partitions=4)
        port = free_port()
        farm = subprocess.Popen([sys.executable, "-m", "bench.bench_poller", "--serve", str(port),
                                 "--feeds", str(count)])
        stack.up(settings, timeout=90)
        try:
            ensure_topics(settings)
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            results = {}
            for tool in ("floor", "poller", "reader"):
                out = subprocess.run([sys.executable, "-m", "bench.bench_poller", "--tool", tool, "--feeds", str(count),
                                      "--base", base, "--kafka", settings.kafka_bootstrap, "--workdir", str(work)],
                                     check=True, stdout=subprocess.PIPE, text=True)
                results[tool] = json.loads(out.stdout.strip().splitlines()[-1])
        finally:
            farm.terminate()
            farm.wait(timeout=10)
            stack.down(settings)
    report(count, results)


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            set_round(base, 0)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the feed farm did not start")


def report(count: int, results: dict[str, list[dict]]) -> None:
    print(machine_line())
    print(f"feeds: {count} ({', '.join(f'{int(s * 100)}% {k}' for k, s in zip(KINDS, SHARES))})")
    print(f"{'tool':8} {'kind':32} {'feeds':>6} {'feeds/min':>10} {'CPU s/1000':>11} {'peak MB':>8}")
    for tool, rows in results.items():
        for row in rows:
            print(f"{tool:8} {row['kind']:32} {row['feeds']:>6} {row['feeds_per_min']:>10.0f} "
                  f"{row['cpu_s_per_1000']:>11.2f} {row['peak_mb']:>8.0f}")
    ours = {row["kind"]: row for row in results["poller"]}
    theirs = {row["kind"]: row for row in results["reader"]}
    for kind in (*KINDS, "mix"):
        print(f"ratio poller/reader feeds/min, {kind}: {ours[kind]['feeds_per_min'] / theirs[kind]['feeds_per_min']:.2f}x")
    floor = results["floor"][0]["cpu_s_per_1000"]
    print(f"new-entries CPU vs feedparser floor: {ours['new-entries']['cpu_s_per_1000']:.2f} vs {floor:.2f} "
          f"s/1000 feeds ({ours['new-entries']['cpu_s_per_1000'] / floor:.2f}x the parse alone)")


if __name__ == "__main__":
    main()
