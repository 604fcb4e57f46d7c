"""The local user's admin token for `mediamon run`: created once, kept in a 0600 file in the data dir.

The token store keeps only the hash; the plain token goes to `api-admin-token` beside it, so the
user (and only they) can read it again; deleting that file makes the next run issue a new one.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from apps.api.tokens import Role, TokenStore, tokens_path
from mediamon.settings import Settings

TOKEN_FILE = "api-admin-token"


def local_token_path(settings: Settings) -> Path:
    return settings.data_dir / TOKEN_FILE


def console_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "::", "") else settings.api_host
    return f"http://{host}:{settings.api_port}/"


def ensure_local_admin_token(settings: Settings) -> str:
    """Create the token on first use; returns how to use it (with the token only when just created)."""
    path = local_token_path(settings)
    usage = (f'curl -H "Authorization: Bearer $(cat {path})" '
             f"'http://127.0.0.1:{settings.api_port}/search?q=ОДКБ' (the API: `mediamon api`)")
    if path.exists():
        return f"API admin token in {path}; {usage}"
    store = TokenStore(tokens_path(settings))
    name = f"local-{getpass.getuser()}"
    if any(entry.name == name for entry in store.entries()):
        store.revoke(name)
    token = store.add(name, Role.admin)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return (f"API admin token for {name} (saved in {path}, mode 0600): {token}\n  {usage}\n"
            f"  console sign-in (once per browser): {console_url(settings)}#token={token}")
