"""API bearer tokens: a JSON file of names, roles and sha256 hashes in the data dir (mode 0600).

The plain token is shown once by `mediamon tokens add` and never stored. Tokens carry 256 random
bits, so one unsalted sha256 is enough (nothing to brute-force); a slow password hash would only
cost time on every request. The API re-reads the file when its modification time changes, so a
revoke takes effect on the next request without a restart (docs/decisions.md).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from mediamon.errors import MediamonError
from mediamon.settings import Settings

TOKEN_PREFIX = "mm_"
TOKENS_FILE = "api-tokens.json"
# The name of the MEDIAMON_API_ADMIN_TOKEN holder; reserved so no stored token shares its
# subscriptions or rate-limit bucket.
BOOTSTRAP_ADMIN = "admin"


class Role(enum.IntEnum):
    """Ordered: each role may do everything the roles below it may."""

    viewer = 1
    editor = 2
    admin = 3


class TokenError(MediamonError):
    """A token name is taken or unknown, or the token file cannot be read."""


@dataclass(frozen=True)
class TokenEntry:
    name: str
    role: str
    sha256: str
    created: str


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's name (owner of their subscriptions) and role."""

    name: str
    role: Role


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def tokens_path(settings: Settings) -> Path:
    return settings.api_tokens_file or settings.data_dir / TOKENS_FILE


class TokenStore:
    """The token file, cached in memory and reloaded when it changes on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._entries: list[TokenEntry] = []

    def entries(self) -> list[TokenEntry]:
        with self._lock:
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                self._stamp, self._entries = None, []
                return []
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp:
                self._entries, self._stamp = self._read(), stamp
            return list(self._entries)

    def _read(self) -> list[TokenEntry]:
        try:
            rows = json.loads(self.path.read_text("utf-8"))
            return [TokenEntry(**row) for row in rows]
        except (OSError, ValueError, TypeError) as exc:
            raise TokenError(f"cannot read the token file {self.path}: {exc}") from exc

    def _write(self, entries: list[TokenEntry]) -> None:
        """Atomic replace of a file only the owner can read."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump([asdict(entry) for entry in entries], handle, indent=1)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def add(self, name: str, role: Role) -> str:
        """Store a new token's hash under `name`; returns the plain token (shown once)."""
        entries = self.entries()
        if not name.strip() or name == BOOTSTRAP_ADMIN:
            raise TokenError(f"the name {name!r} is empty or reserved (the MEDIAMON_API_ADMIN_TOKEN holder)")
        if any(entry.name == name for entry in entries):
            raise TokenError(f"a token named {name!r} exists: revoke it first")
        token = new_token()
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._write([*entries, TokenEntry(name, role.name, token_hash(token), created)])
        return token

    def revoke(self, name: str) -> None:
        entries = self.entries()
        kept = [entry for entry in entries if entry.name != name]
        if len(kept) == len(entries):
            raise TokenError(f"no token named {name!r} (see `mediamon tokens list`)")
        self._write(kept)

    def verify(self, token: str) -> Principal | None:
        """The principal holding `token`, comparing every stored hash in constant time."""
        presented = token_hash(token)
        found = None
        for entry in self.entries():
            if hmac.compare_digest(presented, entry.sha256):
                found = Principal(entry.name, Role[entry.role])
        return found
