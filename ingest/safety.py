"""SSRF protection: a feed list from outside must not make the poller reach internal services.

Checked on the address actually connected to: IP-literal URLs before each request (redirect
hops included), host names inside the connector's resolver after DNS resolution, so a name that
resolves to 127.0.0.1 or a redirect to http://169.254.169.254/ is refused as well.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver
from yarl import URL

from mediamon.errors import MediamonError

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddressError(MediamonError):
    """The URL points at an address the feed list does not allow (private, loopback, ...)."""


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses always; non-public ones only when allowed (all of them, or some networks).

    The feed list's `allow_private_networks` is `true`, `false` or a list of CIDR networks, so an
    intranet feed server can be allowed without opening every internal address.
    """

    allow_all: bool = False
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_setting(cls, value: bool | list[str] | tuple[str, ...]) -> "AddressPolicy":
        if isinstance(value, bool):
            return cls(allow_all=value)
        return cls(networks=tuple(ipaddress.ip_network(net, strict=False) for net in value))

    def permits(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return True
        return self.allow_all or any(ip in net for net in self.networks)


def check_url(url: URL, policy: AddressPolicy) -> None:
    """Refuse non-HTTP schemes always, and IP-literal hosts the policy does not permit."""
    if url.scheme not in ("http", "https"):
        raise BlockedAddressError(f"refusing non-HTTP URL scheme {url.scheme!r}")
    host = url.raw_host or ""
    if _is_ip_literal(host) and not policy.permits(host):
        raise BlockedAddressError(f"refusing non-public address {host} (not allowed by allow_private_networks)")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class SafeResolver(ThreadedResolver):
    """Resolves names and drops the addresses the policy does not permit."""

    def __init__(self, policy: AddressPolicy, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._policy = policy

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await super().resolve(host, port, family)
        if self._policy.allow_all:
            return results
        permitted = [result for result in results if self._policy.permits(result["host"])]
        if not permitted:
            addresses = ", ".join(sorted({result["host"] for result in results}))
            raise BlockedAddressError(
                f"refusing {host}: resolves only to non-public addresses ({addresses})")
        return permitted
