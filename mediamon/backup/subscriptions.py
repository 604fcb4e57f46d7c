"""Export and import the alert subscriptions topic (compacted: the latest value per key is the state).

Subscriptions live only in Kafka, so they are backed up apart from the search index. The export is
JSON Lines of each key's latest value, as stored (channel secrets stay sealed: restoring them needs
the same `MEDIAMON_SECRETS_KEY`). Import writes only keys whose latest value differs, so importing the
same file twice writes nothing the second time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from mediamon.settings import Settings
from mediamon.topic_scan import produce, scan
from mediamon.topology import ALERTS_SUBSCRIPTIONS


def current(settings: Settings) -> dict[str, str]:
    """Each key's latest value; a tombstone removes the key."""
    state: dict[str, str] = {}
    for record in scan(settings, settings.topic(ALERTS_SUBSCRIPTIONS)):
        key = (record.key or b"").decode("utf-8")
        if record.value is None:
            state.pop(key, None)
        else:
            state[key] = record.value.decode("utf-8")
    return state


def export_lines(settings: Settings) -> Iterator[str]:
    for key, value in sorted(current(settings).items()):
        yield json.dumps({"key": key, "value": value}, ensure_ascii=False)


def import_lines(settings: Settings, lines: Iterable[str]) -> tuple[int, int]:
    """Write the exported records that differ from the topic's state; returns (written, unchanged)."""
    wanted = dict(_records(lines))
    state = current(settings)
    changed = {key: value for key, value in wanted.items() if state.get(key) != value}
    topic = settings.topic(ALERTS_SUBSCRIPTIONS)
    produce(settings, [(topic, key.encode("utf-8"), value.encode("utf-8")) for key, value in changed.items()])
    return len(changed), len(wanted) - len(changed)


def _records(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    for line in lines:
        if line.strip():
            item = json.loads(line)
            yield item["key"], item["value"]
