"""The analyst console at volume on the local default: what each screen costs, in the API and in a
real browser, and how fast a newly indexed article reaches the live view.

Run: `.venv/bin/python -m bench.bench_console [--sizes 10000,100000] [--requests 30] [--pages 10]`.
Articles come from `bench_index_search.generate` (four languages, 30 % with mentions, 90 days),
written with the indexer's own code into the embedded index of a temporary data dir; `mediamon api`
serves them in its own process, as `make run` does. Per screen it times the API requests the page
makes (p50/p95 over --requests) and, in headless Chromium, navigation until the screen's content is
on screen (p50/p95 over --pages). The live figure is from indexing a new article (the writer's
commit returned) to its card being on screen.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from bench.bench_index_search import generate
from bench.machine import machine_line
from mediamon.elastic import load_templates
from mediamon.records import Mention
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings, free_port
from processors.indexer.documents import to_action

CHROMIUM = "/usr/bin/chromium"
TYPICAL = 'саммит OR summit OR учения OR "военная операция"'
# Per screen: the API requests its page makes (fetched together, as the browser does).
SCREENS = {
    "live view, first paint": ["/live?q=*&initial=50"],
    "search page with facets": [f"/search?q={urllib.request.quote(TYPICAL)}&facets=true&size=25"],
    "search, all of 30 days, facets": ["/search?q=*&since=30d&facets=true&size=25"],
    "article view": ["/articles/bench0000042"],
    "trends, 2 queries, 30 days": ["/trends?series=entity:SMO&series=entity:CSTO&since=30d",
                                   "/facets?q=(entity:SMO)%20OR%20(entity:CSTO)&since=30d"],
}
# Per screen: the page and the element that shows its content.
PAGES = {
    "live view, first paint": ("/console/", "#live-list li.hit"),
    "search page with facets": (f"/console/search?q={urllib.request.quote(TYPICAL)}", "#facets button"),
    "article view": ("/console/article/bench0000042", "#article-text mark.mention, #article-text"),
    "trends, 2 queries, 30 days": ("/console/trends?series=entity:SMO&series=entity:CSTO&since=30d",
                                   "#trend-chart .main-svg"),
}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _fetch(base: str, token: str, path: str) -> None:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        if path.startswith("/live"):
            events = 0
            while events < 50:  # the initial page: 50 events, then the stream stays open
                line = answer.readline()
                if not line:
                    break
                events += line.startswith(b"event: article")
        else:
            answer.read()


def time_requests(base: str, token: str, paths: list[str], repeats: int) -> list[float]:
    timings = []
    with ThreadPoolExecutor(len(paths)) as pool:
        for _ in range(repeats + 1):
            started = time.perf_counter()
            list(pool.map(lambda path: _fetch(base, token, path), paths))
            timings.append(time.perf_counter() - started)
    return timings[1:]  # the first warms caches


def index_corpus(index: LocalIndex, settings: Settings, start: int, count: int) -> None:
    templates = load_templates(settings)
    for at in range(start, start + count, 10_000):
        chunk = generate(min(10_000, start + count - at), start=at)
        for batch in range(0, len(chunk), settings.index_batch_size):
            now = datetime.now(timezone.utc)
            written = index.write([to_action(a, templates, now).document
                                   for a in chunk[batch:batch + settings.index_batch_size]])
            assert not written.rejected, written.rejected[:3]


def live_latency(page, index: LocalIndex, settings: Settings, rounds: int) -> list[float]:
    """Index one new CSTO article at a time and wait for its card in an open live view."""
    templates = load_templates(settings)
    latencies = []
    for n in range(rounds):
        article = generate(1, start=9_000_000 + n)[0]
        article.id = f"live{n:04d}{secrets.token_hex(3)}"
        article.title = f"ОДКБ live {article.id}"
        article.mentions = [Mention(entity="CSTO", surface="ОДКБ", start=0, end=4, field="title", confidence=0.9)]
        article.entities = ["CSTO"]
        article.fetched = datetime.now(timezone.utc)
        index.write([to_action(article, templates, datetime.now(timezone.utc)).document])
        committed = time.perf_counter()
        page.wait_for_selector(f'#live-list li[data-id="{article.id}"]', timeout=30_000)
        latencies.append(time.perf_counter() - committed)
    return latencies


def browser_figures(base: str, token: str, index: LocalIndex, settings: Settings, pages: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/console/sources#token={token}")
        for name, (path, selector) in PAGES.items():
            timings = []
            for _ in range(pages + 1):
                started = time.perf_counter()
                page.goto(base + path)
                page.wait_for_selector(selector, timeout=60_000)
                timings.append(time.perf_counter() - started)
            timings = timings[1:]
            print(f"  browser  {name}: content on screen p50 {statistics.median(timings) * 1000:.0f} ms, "
                  f"p95 {_percentile(timings, 95) * 1000:.0f} ms over {pages} loads")
        page.goto(base + "/console/")
        page.wait_for_selector("#live-list li.hit")
        latencies = live_latency(page, index, settings, pages)
        print(f"  browser  new article indexed -> on the live view: p50 {statistics.median(latencies):.2f} s, "
              f"p95 {_percentile(latencies, 95):.2f} s, max {max(latencies):.2f} s over {pages} articles")
        browser.close()


def start_api(settings: Settings, token: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MEDIAMON_DATA_DIR": str(settings.data_dir), "MEDIAMON_API_ADMIN_TOKEN": token,
           "MEDIAMON_API_RATE_PER_SECOND": "1000", "MEDIAMON_API_RATE_BURST": "1000",
           "MEDIAMON_KAFKA_BOOTSTRAP": "127.0.0.1:1", "MEDIAMON_SEARCH_BACKEND": "local"}
    api = subprocess.Popen([sys.executable, "-m", "mediamon", "api", "--port", str(port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/console/strings.json", timeout=2).read()
            return api
        except OSError:
            time.sleep(0.3)
    api.kill()
    raise RuntimeError("the API did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="cumulative corpus sizes to measure at")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    print(machine_line())
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="mediamon-console-bench-")), search_backend="local")
    index = LocalIndex(local_index_path(settings))
    token = "mm_" + secrets.token_urlsafe(24)
    indexed = 0
    for size in (int(value) for value in args.sizes.split(",")):
        index_corpus(index, settings, indexed, size - indexed)
        indexed = size
        port = free_port()
        api = start_api(settings, token, port)
        base = f"http://127.0.0.1:{port}"
        try:
            print(f"{size:,} articles in the embedded index; `mediamon api` on {base}")
            for name, paths in SCREENS.items():
                timings = time_requests(base, token, paths, args.requests)
                print(f"  API      {name}: p50 {statistics.median(timings) * 1000:.0f} ms, "
                      f"p95 {_percentile(timings, 95) * 1000:.0f} ms over {args.requests} ({len(paths)} request(s) "
                      "in parallel each)")
            if Path(CHROMIUM).exists():
                browser_figures(base, token, index, settings, args.pages)
            else:
                print(f"  browser figures skipped: no {CHROMIUM}")
        finally:
            api.terminate()
            api.wait(10)


if __name__ == "__main__":
    main()
