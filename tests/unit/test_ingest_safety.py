"""SSRF policy: which addresses the poller may connect to."""

from __future__ import annotations

import pytest
from yarl import URL

from ingest.safety import AddressPolicy, BlockedAddressError, check_url


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "::1", "fe80::1", "fc00::1", "0.0.0.0", "::ffff:127.0.0.1", "100.64.0.1",
                                     "224.0.0.1"])
def test_non_public_addresses_are_refused_by_default(address: str) -> None:
    assert not AddressPolicy().permits(address)
    assert AddressPolicy(allow_all=True).permits(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_always_permitted(address: str) -> None:
    assert AddressPolicy().permits(address)


def test_allowed_networks_open_only_themselves() -> None:
    policy = AddressPolicy.from_setting(["10.1.0.0/16", "::1/128"])
    assert policy.permits("10.1.200.3") and policy.permits("::1")
    assert not policy.permits("10.2.0.1") and not policy.permits("127.0.0.1")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "http://127.0.0.1/", "http://[::1]:8080/"])
def test_urls_refused_before_any_request(url: str) -> None:
    with pytest.raises(BlockedAddressError):
        check_url(URL(url), AddressPolicy())


def test_host_names_are_left_to_the_resolver_check() -> None:
    check_url(URL("http://localhost/feed"), AddressPolicy())  # refused later, after DNS resolution
