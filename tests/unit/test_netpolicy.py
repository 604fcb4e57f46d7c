"""The one outbound address policy: hostile webhook and Slack destinations refused at subscription time."""

from __future__ import annotations

import socket

import pytest

from mediamon.netpolicy import AddressPolicy
from mediamon.settings import Settings
from processors.subscriptions.validation import ChannelRules, SubscriptionError, build_subscription, parse_channels

# Names a local resolver stub maps to internal addresses (DNS rebinding, internal zones).
STUB_DNS = {"rebind.example": "127.0.0.1", "metadata.example": "169.254.169.254",
            "intranet.example": "10.0.0.5", "v6.example": "::1", "public.example": "93.184.216.34"}

HOSTILE = [
    ("http://127.0.0.1:9200/", "not a public address"),
    ("http://127.1/", "not a public address"),
    ("http://169.254.169.254/latest/meta-data/", "not a public address"),
    ("http://10.0.0.5/", "not a public address"),
    ("http://172.16.3.4/", "not a public address"),
    ("http://192.168.1.1/", "not a public address"),
    ("http://100.64.0.1/", "not a public address"),
    ("http://0.0.0.0/", "not reachable"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "not a public address"),
    ("http://[::1]/", "not a public address"),
    ("http://[::]/", "not reachable"),
    ("http://[::ffff:127.0.0.1]/", "not a public address"),
    ("http://[::ffff:7f00:1]/", "not a public address"),
    ("http://[::127.0.0.1]/", "embeds 127.0.0.1"),
    ("http://[64:ff9b::7f00:1]/", "embeds 127.0.0.1"),
    ("http://[64:ff9b::a9fe:a9fe]/", "embeds 169.254.169.254"),
    ("http://[64:ff9b:1::a00:5]/", "local-use NAT64"),
    ("http://[2002:7f00:1::]/", "embeds 127.0.0.1"),
    ("http://[2002:a00:5::1]/", "embeds 10.0.0.5"),
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "not a public address"),
    ("http://[fe80::1]/", "not a public address"),
    ("http://[fc00::1]/", "not a public address"),
    ("http://[fd12:3456::1]/", "not a public address"),
    ("http://[ff02::1]/", "multicast"),
    ("http://2130706433/", "not a public address"),
    ("http://0x7f.1/", "not a public address"),
    ("http://0x7f000001/", "not a public address"),
    ("http://0177.0.0.1/", "not a public address"),
    ("http://017700000001/", "not a public address"),
    ("http://localhost:9200/", "local name"),
    ("http://LOCALHOST./", "local name"),
    ("http://api.localhost/", "local name"),
    ("http://elasticsearch.:9200/", "not reachable"),
    ("http://elasticsearch:9200/", "not reachable"),
    ("http://rebind.example/hook", "127.0.0.1 is not a public address"),
    ("http://rebind.example./hook", "127.0.0.1 is not a public address"),
    ("http://metadata.example/", "169.254.169.254"),
    ("http://intranet.example/", "10.0.0.5"),
    ("http://v6.example/", "::1"),
    ("file:///etc/passwd", "must be http"),
    ("gopher://127.0.0.1:25/", "must be http"),
]


@pytest.fixture(autouse=True)
def stub_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolve(host: str, *args: object, **kwargs: object) -> list:
        if host in STUB_DNS:
            family = socket.AF_INET6 if ":" in STUB_DNS[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (STUB_DNS[host], 0))]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.parametrize(("url", "reason"), HOSTILE)
@pytest.mark.parametrize("kind", ["webhook", "slack"])
def test_hostile_destinations_are_refused_with_their_reason(kind: str, url: str, reason: str) -> None:
    webhooks, slacks = ([url], []) if kind == "webhook" else ([], [url])
    with pytest.raises(SubscriptionError, match=reason.replace(".", r"\.")):
        parse_channels(webhooks, None, [], slacks, [], rules=ChannelRules.from_settings(Settings()))


def test_refusals_never_echo_the_url_path_which_may_be_a_slack_secret() -> None:
    with pytest.raises(SubscriptionError) as refused:
        parse_channels([], None, [], ["http://10.0.0.5/services/T000/B000/SECRETPART"], [], rules=ChannelRules())
    assert "SECRETPART" not in str(refused.value)


@pytest.mark.parametrize("url", ["https://hooks.slack.com/services/T/B/x", "http://public.example/hook",
                                 "http://93.184.216.34:8443/x", "http://[2606:4700::1111]/x"])
def test_public_destinations_on_any_port_are_accepted(url: str) -> None:
    assert parse_channels([url], None, [], [], [], rules=ChannelRules())[0].target == url


def test_private_destinations_only_when_the_operator_explicitly_allows_them() -> None:
    url = "http://127.0.0.1:9200/"
    with pytest.raises(SubscriptionError):
        parse_channels([url], None, [], [], [], rules=ChannelRules.from_settings(Settings()))
    allowed = Settings(alerts_allow_private_networks=True)
    assert parse_channels([url], None, [], [], [], rules=ChannelRules.from_settings(allowed))[0].target == url


@pytest.mark.parametrize(("address", "public"), [
    ("64:ff9b::808:808", True), ("2002:808:808::1", True), ("8.8.8.8", True),
    ("64:ff9b::c0a8:101", False), ("::8.8.8.8", False), ("0.0.0.0", False), ("198.18.0.1", False),
])
def test_embedded_ipv4_decides_for_translated_addresses(address: str, public: bool) -> None:
    assert AddressPolicy().permits(address) is public


def test_no_open_relay_recipients_domains_and_rate_are_bounded() -> None:
    rules = ChannelRules.from_settings(Settings(alerts_max_email_recipients=2, alerts_email_domains=["example.org"]))
    with pytest.raises(SubscriptionError, match="at most 2 e-mail recipients"):
        parse_channels([], None, ["a@example.org", "b@example.org", "c@example.org"], [], [], rules=rules)
    with pytest.raises(SubscriptionError, match="'victim.test' is not allowed"):
        parse_channels([], None, ["someone@victim.test"], [], [], rules=rules)
    channels = parse_channels([], None, ["desk@Example.org"], [], [], rules=rules)
    with pytest.raises(SubscriptionError, match="at most 60"):
        build_subscription(name="x", channels=channels, max_per_minute=10_000)
    assert build_subscription(name="x", channels=channels, max_per_minute=60).max_per_minute == 60
