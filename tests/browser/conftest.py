"""The console on the real local stack, driven by a real headless Chromium.

One stack per module: noida-db (Kafka), `mediamon worker` (enrich, index into the embedded search
engine, alerts), the API serving the console, a scriptable feed server polled with `mediamon poll
--once`, and Debian's chromium driven by Playwright. Screenshots go to test-output/screenshots/
(or $MEDIAMON_TEST_OUTPUT/screenshots).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from mediamon.kafka_topics import ensure_topics
from mediamon.settings import Settings
from tests.conftest import REPO_ROOT, MediamonProcess, private_stack, run_mediamon
from tests.integration.alerts_helpers import WebhookReceiver
from tests.integration.api_server import Api, running_api
from tests.integration.feed_server import FeedServer, feed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("MEDIAMON_TEST_OUTPUT", REPO_ROOT / "test-output")) / "screenshots"


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make install adds it with the test extras)"
    if not Path(CHROMIUM).exists():
        return (f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium when it runs as root "
                "(apt-get install chromium); install it to run the browser tests")
    return None


@dataclass
class FeedItem:
    title: str
    text: str
    link: str
    published: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def xml(self) -> str:
        return (f"<item><title>{escape(self.title)}</title><link>{escape(self.link)}</link><guid>{escape(self.link)}</guid>"
                f"<pubDate>{self.published:%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
                f"<description>{escape(self.text)}</description></item>")


FEEDS = {"/ru.xml": "Вестник Евразии", "/world.xml": "World Desk"}


def rss(name: str, items: list[FeedItem]) -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(name)}</title>"
            "<link>http://feeds.example/</link><description>News</description>"
            + "".join(item.xml() for item in reversed(items)) + "</channel></rss>").encode("utf-8")


@dataclass
class ConsoleStack:
    settings: Settings
    api: Api
    feeds: FeedServer
    feeds_file: Path
    webhooks: WebhookReceiver
    browser: Any
    items: dict[str, list[FeedItem]] = field(default_factory=lambda: {path: [] for path in FEEDS})

    def publish(self, title: str, text: str, path: str = "/ru.xml") -> FeedItem:
        """Add an item to a feed (the Russian one by default) and poll the feeds once, as the poller
        would on its schedule."""
        item = FeedItem(title, text, f"http://{path[1:-4]}.example/{uuid.uuid4().hex[:10]}")
        self.items[path].append(item)
        self.feeds.routes[path] = feed(rss(FEEDS[path], self.items[path]))
        polled = run_mediamon(self.settings, "poll", "--once", "--feeds", str(self.feeds_file))
        assert polled.returncode == 0, polled.stdout + polled.stderr
        return item

    def indexed(self, query: str, timeout: float = 60) -> dict[str, Any]:
        """The first hit for `query` once the worker has indexed it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = self.api.call("GET", "/search", q=query)
            if status == 200 and body["hits"]:
                return body["hits"][0]
            time.sleep(0.5)
        raise AssertionError(f"nothing indexed for {query!r} within {timeout:.0f} s")

    def page(self, path: str = "/console/", width: int = 1280, height: int = 900) -> Any:
        """A signed-in page: the token arrives in the URL fragment, as `make run` prints it."""
        context = self.browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        page = context.new_page()
        page.errors = []
        page.dialogs = []
        page.logs = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: page.logs.append(f"{message.type}: {message.text}"))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{self.api.url}/console/sources#token={self.api.admin_token}")
        page.goto(f"{self.api.url}{path}")
        return page


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleStack]:
    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path_factory.mktemp("console")
    with private_stack(data_dir, partitions=1) as base:
        settings = base.model_copy(update={"search_backend": "local", "alerts_allow_private_networks": True})
        ensure_topics(settings)
        feeds = FeedServer()
        for path, name in FEEDS.items():
            feeds.routes[path] = feed(rss(name, []))
        feeds_file = data_dir / "feeds.yaml"
        feeds_file.write_text("allow_private_networks: true\nfeeds:\n"
                              f"  - {{name: Вестник Евразии, url: '{feeds.url('/ru.xml')}', lang: ru, country: RU}}\n"
                              f"  - {{name: World Desk, url: '{feeds.url('/world.xml')}', country: GB}}\n",
                              encoding="utf-8")
        webhooks = WebhookReceiver()
        worker = MediamonProcess(settings, ["worker"], data_dir / "worker.log")
        try:
            with running_api(settings.model_copy(update={"feeds_file": feeds_file})) as api, sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                try:
                    yield ConsoleStack(api.settings, api, feeds, feeds_file, webhooks, browser)
                finally:
                    browser.close()
        finally:
            worker.stop()
            webhooks.close()
            feeds.stop()


@pytest.fixture()
def unique() -> Callable[[], str]:
    """A word no other article has, so each test finds exactly its own articles."""
    return lambda: "zz" + "".join("abcdefghijklmnop"[int(digit, 16)] for digit in uuid.uuid4().hex[:10])
