"""Channel secrets encrypted at rest in alerts.subscriptions: wrong keys fail clearly, rotation, migration."""

from __future__ import annotations

import logging
import stat

import pytest
from cryptography.fernet import Fernet

from mediamon.records import Channel, Subscription
from mediamon.settings import Settings
from processors.alerts.repo import SubscriptionState, encode
from processors.subscriptions.sealing import Sealer, SecretsError, key_file, sealer_for

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
SUB = Subscription(id="s1", name="desk", entities=["CSTO"], channels=[
    Channel(kind="webhook", target="https://hooks.example/x", secret="webhook-signing-secret"),
    Channel(kind="slack", target="https://hooks.slack.com/services/T/B/slack-url-secret"),
    Channel(kind="telegram", target="42", secret="123456:telegram-bot-token")])


def stored(sealer: Sealer) -> bytes:
    return encode(SUB, sealer)[1]


def test_no_secret_is_stored_in_clear_and_the_right_key_reads_them_back() -> None:
    value = stored(Sealer([NEW]))
    for secret in (b"webhook-signing-secret", b"slack-url-secret", b"telegram-bot-token"):
        assert secret not in value
    state = SubscriptionState(Sealer([NEW]))
    state.apply(b"s1", value)
    assert state.index.get("s1").channels == SUB.channels


def test_a_wrong_key_names_the_subscription_and_it_does_not_deliver(caplog: pytest.LogCaptureFixture) -> None:
    state = SubscriptionState(Sealer([OLD]))
    with caplog.at_level(logging.ERROR):
        state.apply(b"s1", stored(Sealer([NEW])))
    assert state.index.get("s1") is None and "wrong or missing key" in state.unreadable["s1"]
    assert "subscription s1 will not deliver" in caplog.text


def test_rotation_first_key_encrypts_every_key_decrypts() -> None:
    written_before = stored(Sealer([OLD]))
    rotated = Sealer([NEW, OLD])
    state = SubscriptionState(rotated)
    state.apply(b"s1", written_before)
    resaved = stored(rotated)
    only_new = SubscriptionState(Sealer([NEW]))
    only_new.apply(b"s1", resaved)
    assert state.index.get("s1") is not None and only_new.index.get("s1") is not None


def test_plaintext_subscriptions_from_before_encryption_still_read() -> None:
    state = SubscriptionState(Sealer([NEW]))
    state.apply(b"s1", SUB.dumps())
    assert state.index.get("s1").channels == SUB.channels


def test_a_key_is_generated_into_the_data_dir_once_with_owner_only_access(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path / "data")
    first = stored(sealer_for(settings))
    assert stat.S_IMODE(key_file(settings).stat().st_mode) == 0o600
    state = SubscriptionState(sealer_for(settings))
    state.apply(b"s1", first)
    assert state.index.get("s1") is not None


def test_a_malformed_key_setting_is_a_clear_error() -> None:
    with pytest.raises(SecretsError, match="MEDIAMON_SECRETS_KEY"):
        sealer_for(Settings(secrets_key="not-a-key"))
