"""SSRF protection: a feed list from outside must not make the poller reach internal services.

Checked on the address actually connected to: IP-literal URLs before each request (redirect
hops included), host names inside the connector's resolver after DNS resolution, so a name that
resolves to 127.0.0.1 or a redirect to http://169.254.169.254/ is refused as well.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver
from yarl import URL

from mediamon.errors import MediamonError


class BlockedAddressError(MediamonError):
    """The URL points at an address the feed list does not allow (private, loopback, ...)."""


def is_public_address(address: str) -> bool:
    """True when the address is globally routable (not private, loopback, link-local, reserved)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: URL, allow_private: bool) -> None:
    """Refuse non-HTTP schemes always, and IP-literal hosts that are not public unless allowed."""
    if url.scheme not in ("http", "https"):
        raise BlockedAddressError(f"refusing non-HTTP URL scheme {url.scheme!r}")
    host = url.raw_host or ""
    if allow_private or not _is_ip_literal(host):
        return
    if not is_public_address(host):
        raise BlockedAddressError(f"refusing non-public address {host} (allow_private_networks is off)")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class SafeResolver(ThreadedResolver):
    """Resolves names and drops non-public addresses unless private networks are allowed."""

    def __init__(self, allow_private: bool, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._allow_private = allow_private

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await super().resolve(host, port, family)
        if self._allow_private:
            return results
        public = [result for result in results if is_public_address(result["host"])]
        if not public:
            addresses = ", ".join(sorted({result["host"] for result in results}))
            raise BlockedAddressError(
                f"refusing {host}: resolves only to non-public addresses ({addresses})")
        return public
