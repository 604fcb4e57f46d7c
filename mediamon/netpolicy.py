"""The one address policy for every connection mediamon opens on a user's behalf (feeds, webhooks,
Slack, Telegram, SMTP): a URL from outside must not make us reach internal services.

Checked on the address actually connected to: IP literals before each request, host names inside
the connector's resolver after DNS resolution (the checked addresses are the ones connected to, so
DNS rebinding between check and connect is impossible). Addresses that embed an IPv4 address
(IPv4-mapped/compatible, NAT64, 6to4, Teredo) are judged by the embedded one as well. Ports are not
restricted: the address decides.
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

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation, never public
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class BlockedAddressError(MediamonError):
    """The destination is an address the policy does not allow (private, loopback, ...)."""


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and would reach through a translator or tunnel."""
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in _NAT64_WELL_KNOWN or ip in _IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in found if address is not None]


def parse_address(text: str) -> IPAddress:
    return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])


def refusal_reason(address: str) -> str | None:
    """Why a connection to this address is refused by default, or None for a public address."""
    ip = parse_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip in _NAT64_LOCAL:
        return f"{address} is a local-use NAT64 address"
    if isinstance(ip, ipaddress.IPv6Address) and ip in _IPV4_COMPATIBLE and int(ip) > 1:
        return f"{address} is not a public address (deprecated IPv4-compatible form, it embeds {embedded_ipv4(ip)[-1]})"
    for candidate in [ip, *embedded_ipv4(ip)]:
        if candidate.is_multicast:
            return f"{address} is a multicast address"
        if not candidate.is_global:
            inner = "" if candidate is ip else f" (it embeds {candidate})"
            return f"{address} is not a public address{inner}"
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses always; non-public ones only when allowed (all of them, or some networks).

    The feed list's `allow_private_networks` is `true`, `false` or a list of CIDR networks, so an
    intranet feed server can be allowed without opening every internal address; alert delivery uses
    `MEDIAMON_ALERTS_ALLOW_PRIVATE_NETWORKS` (all or nothing).
    """

    allow_all: bool = False
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_setting(cls, value: bool | list[str] | tuple[str, ...]) -> "AddressPolicy":
        if isinstance(value, bool):
            return cls(allow_all=value)
        return cls(networks=tuple(ipaddress.ip_network(net, strict=False) for net in value))

    def reason(self, address: str) -> str | None:
        """None when permitted, else why not (names the address, never a URL that may hold a secret)."""
        refused = refusal_reason(address)
        if refused is None or self.allow_all:
            return None
        ip = parse_address(address)
        if any(candidate in net for candidate in [ip, *embedded_ipv4(ip)] for net in self.networks
               if candidate.version == net.version):
            return None
        return refused

    def permits(self, address: str) -> bool:
        return self.reason(address) is None


def normalise_host(host: str) -> str:
    """Lower case, brackets and one trailing dot removed: `Elasticsearch.` is `elasticsearch`."""
    return host.strip("[]").lower().removesuffix(".")


def is_local_name(host: str) -> bool:
    """Names that mean this machine whatever DNS says (RFC 6761)."""
    name = normalise_host(host)
    return name == "localhost" or name.endswith(".localhost")


def check_url(url: URL, policy: AddressPolicy) -> None:
    """Refuse non-HTTP schemes always, and IP-literal hosts the policy does not permit."""
    if url.scheme not in ("http", "https"):
        raise BlockedAddressError(f"refusing non-HTTP URL scheme {url.scheme!r}")
    host = url.raw_host or ""
    if _is_ip_literal(host):
        refused = policy.reason(host)
        if refused:
            raise BlockedAddressError(f"refusing non-public address {host}: {refused}")


def check_host_now(host: str, policy: AddressPolicy) -> None:
    """Subscription-time check: the name's current addresses (as the system resolver reads any
    spelling: `2130706433`, `0x7f.1`, `0177.0.0.1`); a name that does not resolve now is left to the
    connection-time check."""
    if policy.allow_all:
        return
    if is_local_name(host):
        raise BlockedAddressError(f"refusing host {normalise_host(host)!r}: a local name")
    try:
        infos = socket.getaddrinfo(normalise_host(host), None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return
    for info in infos:
        refused = policy.reason(str(info[4][0]))
        if refused:
            raise BlockedAddressError(f"refusing host {normalise_host(host)!r}: {refused}")


def _is_ip_literal(host: str) -> bool:
    try:
        parse_address(host)
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
        if self._policy.allow_all:
            return await super().resolve(host, port, family)
        results = await super().resolve(host, port, family)
        permitted = [result for result in results if self._policy.permits(result["host"])]
        if not permitted:
            reasons = "; ".join(sorted({self._policy.reason(result["host"]) or "" for result in results}))
            raise BlockedAddressError(f"refusing {host}: resolves only to non-public addresses ({reasons})")
        return permitted
