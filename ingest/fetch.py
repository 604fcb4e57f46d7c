"""Polite async HTTP for feeds: limits, conditional GET, size cap, checked redirects.

Redirects are followed by hand so every hop is checked (scheme, SSRF) and so we know when all
hops were permanent (301/308), which tells the poller to store the new URL.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import aiohttp
from yarl import URL

from ingest.safety import AddressPolicy, BlockedAddressError, SafeResolver, check_url
from mediamon.settings import Settings


def _user_agent() -> str:
    """Names mediamon and its version so site operators can tell who polls them."""
    try:
        release = version("mediamon")
    except PackageNotFoundError:
        release = "dev"
    return f"mediamon/{release} (news feed poller)"


USER_AGENT = _user_agent()
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
          "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


@dataclass
class FetchResult:
    """One fetch: the final response (or the error that stopped it)."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    permanent_url: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class BodyTooLarge(Exception):
    """The response body passed the configured maximum; we stopped reading it."""


class _HostGate:
    """At most `limit` requests in flight per host, and `delay` seconds between their starts."""

    def __init__(self, limit: int, delay: float) -> None:
        self._limit, self._delay = limit, delay
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def semaphore(self, host: str) -> asyncio.Semaphore:
        return self._semaphores.setdefault(host, asyncio.Semaphore(self._limit))

    async def wait_turn(self, host: str) -> None:
        now = time.monotonic()
        start = max(now, self._next_start.get(host, now))
        self._next_start[host] = start + self._delay
        if start > now:
            await asyncio.sleep(start - now)


class Fetcher:
    """Shares one connection pool across all feeds; use as `async with Fetcher(...) as f`."""

    def __init__(self, settings: Settings, policy: AddressPolicy) -> None:
        self._settings = settings
        self._policy = policy
        self._global = asyncio.Semaphore(settings.poll_concurrency)
        self._hosts = _HostGate(settings.poll_per_host_limit, settings.poll_per_host_delay)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> "Fetcher":
        connector = aiohttp.TCPConnector(limit=self._settings.poll_concurrency, ttl_dns_cache=300,
                                         resolver=SafeResolver(self._policy))
        timeout = aiohttp.ClientTimeout(total=self._settings.poll_total_timeout,
                                        sock_connect=self._settings.poll_connect_timeout)
        # aiohttp decodes gzip/deflate (and br with the brotli package) itself.
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=timeout, trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate, br"})
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
                    accept: str | None = None) -> FetchResult:
        """GET with If-None-Match/If-Modified-Since; never raises for network or HTTP trouble."""
        result = FetchResult(url=url, final_url=url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        try:
            async with self._global:
                await self._follow(result, headers)
        except BlockedAddressError as exc:
            result.error = str(exc)
        except BodyTooLarge:
            result.error = f"response larger than {self._settings.poll_max_bytes} bytes, aborted"
        except asyncio.TimeoutError:
            result.error = f"timed out after {self._settings.poll_total_timeout:g} s"
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            result.error = f"{type(exc).__name__}: {exc}".rstrip(": ")
        return result

    async def _follow(self, result: FetchResult, headers: dict[str, str]) -> None:
        assert self._session is not None, "use Fetcher as an async context manager"
        current = URL(result.url)
        permanent = True
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, self._policy)
            host = current.host or ""
            async with self._hosts.semaphore(host):
                await self._hosts.wait_turn(host)
                async with self._session.get(current, headers=headers, allow_redirects=False) as resp:
                    result.final_url = str(current)
                    result.status = resp.status
                    result.headers = {k.lower(): v for k, v in resp.headers.items()}
                    location = resp.headers.get("Location")
                    if resp.status in _REDIRECTS and location:
                        permanent = permanent and resp.status in _PERMANENT
                        current = current.join(URL(location))
                        if permanent:
                            result.permanent_url = str(current)
                        continue
                    if resp.status == 200:
                        result.body = await self._read_capped(resp)
                    return
        result.error = f"more than {MAX_REDIRECTS} redirects"

    async def _read_capped(self, resp: aiohttp.ClientResponse) -> bytes:
        limit = self._settings.poll_max_bytes
        if resp.content_length is not None and resp.content_length > limit:
            raise BodyTooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)
