"""Channel secrets (webhook signing secrets, Telegram bot tokens, Slack webhook URLs) encrypted at rest
in `alerts.subscriptions`, so whoever can read the topic cannot deliver as us.

Keys: `MEDIAMON_SECRETS_KEY`, a comma-separated list of Fernet keys (the first encrypts, all
decrypt: rotate by putting a new key first, re-saving subscriptions, then dropping the old one).
Without it, a key generated into `<data dir>/secrets.key` (mode 0600) on first use. Values written
before encryption existed (no `enc:` prefix) still read, and are encrypted when next saved.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from mediamon.errors import MediamonError
from mediamon.records import Channel, Subscription
from mediamon.settings import Settings

PREFIX = "enc:v1:"
KEY_FILE = "secrets.key"
log = logging.getLogger(__name__)


class SecretsError(MediamonError):
    """A stored secret cannot be decrypted (missing or different key); the subscription must not deliver."""


class Sealer:
    def __init__(self, keys: list[str]) -> None:
        try:
            self._fernet = MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])
        except ValueError as exc:
            raise SecretsError(f"MEDIAMON_SECRETS_KEY is not a list of Fernet keys: {exc}") from None

    def seal(self, secret: str) -> str:
        return PREFIX + self._fernet.encrypt(secret.encode()).decode()

    def unseal(self, stored: str) -> str:
        if not stored.startswith(PREFIX):
            return stored  # written before encryption: read as is, encrypted when next saved
        try:
            return self._fernet.decrypt(stored[len(PREFIX):].encode()).decode()
        except InvalidToken:
            raise SecretsError("its secrets were encrypted with a key that is not in MEDIAMON_SECRETS_KEY "
                               "(wrong or missing key)") from None


def key_file(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def sealer_for(settings: Settings) -> Sealer:
    """The configured keys, else the data dir's key file, created (0600) on first use."""
    if settings.secrets_key is not None:
        return Sealer(settings.secrets_key.get_secret_value().split(","))
    path = key_file(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
        log.warning("generated a secrets key in %s: keep it with the data, alerts cannot deliver without it", path)
    return Sealer([path.read_text().strip()])


def _secret_fields(channel: Channel) -> tuple[str, ...]:
    """A Slack incoming-webhook URL is itself the credential."""
    return ("secret", "target") if channel.kind == "slack" else ("secret",)


def _convert(sub: Subscription, change: Callable[[str], str]) -> Subscription:
    channels = []
    for channel in sub.channels:
        fields = {"kind": channel.kind, "target": channel.target, "secret": channel.secret}
        fields.update({name: change(fields[name]) for name in _secret_fields(channel) if fields[name]})
        channels.append(Channel(**fields))
    return sub.derive(channels=channels)


def seal_subscription(sub: Subscription, sealer: Sealer) -> Subscription:
    return _convert(sub, sealer.seal)


def unseal_subscription(sub: Subscription, sealer: Sealer) -> Subscription:
    return _convert(sub, sealer.unseal)
