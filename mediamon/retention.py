"""Index retention: delete monthly article indices (`<alias>-YYYY.MM`) older than a number of months.

Monthly indices make retention a cheap whole-index delete instead of delete-by-query; the month
in the name is the articles' publication month, so "older than N months" is decided from names
alone, without reading documents.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from mediamon.elastic import sync_client
from mediamon.elastic.templates import BASE_NAME
from mediamon.settings import Settings


def expired_indices(names: list[str], alias: str, months: int, now: datetime) -> list[str]:
    """Monthly indices of `alias` whose month ended more than `months` full months before `now`'s month."""
    pattern = re.compile(rf"^{re.escape(alias)}-(\d{{4}})\.(\d{{2}})$")
    current = now.year * 12 + now.month - 1
    expired = []
    for name in names:
        match = pattern.match(name)
        if match and current - (int(match[1]) * 12 + int(match[2]) - 1) > months:
            expired.append(name)
    return sorted(expired)


def apply_retention(settings: Settings, months: int, dry_run: bool = False,
                    now: datetime | None = None) -> list[str]:
    """Delete (or with `dry_run` only list) the expired monthly indices; returns their names."""
    alias = settings.index_name(BASE_NAME)
    client = sync_client(settings)
    try:
        names = list(client.indices.get(index=f"{alias}-*", expand_wildcards="open,closed"))
        expired = expired_indices(names, alias, months, now or datetime.now(timezone.utc))
        if expired and not dry_run:
            client.indices.delete(index=",".join(expired))
        return expired
    finally:
        client.close()
