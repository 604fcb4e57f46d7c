"""Alerts go to public receivers only: hostile destinations are refused when subscribing, and names
that resolve to internal addresses are refused when delivering (after DNS, on every connection)."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest

from mediamon.netpolicy import AddressPolicy, BlockedAddressError, SafeResolver
from processors.alerts.subscriptions import SubscriptionError, parse_channels

HOSTILE = [
    "http://127.0.0.1:9200/", "http://127.1/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
    "http://0x7f000001/", "http://localhost:8000/", "http://api.localhost/", "http://localhost./",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/",
    "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b::a00:5]/", "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[fe80::1]/", "http://[fd00::1]/",
    "http://[::]/", "http://[64:ff9b:1::808:808]/", "http://[::ffff:a9fe:a9fe]/", "https://10.1.2.3:8443/x",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_internal_destinations_are_refused_for_webhooks_and_slack(url: str) -> None:
    for webhooks, slacks in (([url], []), ([], [url])):
        with pytest.raises(SubscriptionError, match="is not a public address|not reachable from a server"):
            parse_channels(webhooks, None, [], slacks, [])


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "http://8.8.8.8/x", "http://[2606:4700::1111]/",
                                 "http://[64:ff9b::808:808]/", "http://[2002:808:808::]/"])
def test_public_destinations_are_accepted(url: str) -> None:
    (channel,) = parse_channels([url], None, [], [], [])
    assert channel.target == url


def test_an_operator_can_allow_private_networks_explicitly() -> None:
    (channel,) = parse_channels(["http://127.0.0.1:9000/hook"], None, [], [], [], allow_private=True)
    assert channel.target == "http://127.0.0.1:9000/hook"


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "::ffff:127.0.0.1"])
def test_a_name_resolving_to_an_internal_address_is_refused_at_connection(
        monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    """DNS rebinding: the name looked public when subscribed; now it resolves inside."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 80))])

    async def post() -> None:
        connector = aiohttp.TCPConnector(resolver=SafeResolver(AddressPolicy()))
        async with aiohttp.ClientSession(connector=connector) as session:
            await session.post("http://hooks.example.com/x", data=b"{}")

    with pytest.raises(BlockedAddressError, match="non-public"):
        asyncio.run(post())


def test_a_subscription_cannot_become_a_bulk_mailer() -> None:
    from processors.alerts.subscriptions import build_subscription

    emails = parse_channels([], None, [f"r{n}@example.com" for n in range(11)], [], [])
    with pytest.raises(SubscriptionError, match="at most 10 e-mail recipients"):
        build_subscription(name="x", channels=emails, entities=["CSTO"])
    with pytest.raises(SubscriptionError, match="max per minute must be 1 to 60"):
        build_subscription(name="x", channels=emails[:1], entities=["CSTO"], max_per_minute=1000)
