"""Minimal reproduction: faust-streaming 0.15.3 commits past a record that is still being processed.

No broker is contacted: a real `faust.App` consumer gets messages through faust's own `track_message`
and `ack`, exactly as the conductor and streams hand them over. Offsets 0-9 are processed and
committed (next offset to commit: 10); then 10 and 11 arrive, 11 finishes first. faust proposes to
commit 12, so a crash now loses record 10. Expected: nothing to commit until 10 is acked.

    .venv/bin/python bench/repro_faust_commit_gap.py

Report text: docs/upstream/faust-commit-past-in-flight.md. mediamon's workaround lives in
processors/kafka_compat.py; when this prints "fixed", the override can go.
"""

from __future__ import annotations

from importlib.metadata import version

import faust
from faust.types import TP, Message

TOPIC = "repro"
PARTITION = TP(TOPIC, 0)


def main() -> None:
    app = faust.App("repro-commit-gap", broker="kafka://127.0.0.1:1", autodiscover=False, web_enabled=False)
    consumer = app.consumer
    app.topics._acking_topics.add(TOPIC)  # as the conductor does for a topic an agent consumes
    messages = [Message(TOPIC, 0, offset, 0.0, 0, None, None, b"", None, tp=PARTITION) for offset in range(12)]
    for message in messages[:10]:
        consumer.track_message(message)
        consumer.ack(message)
    consumer._committed_offset[PARTITION] = consumer._new_offset(PARTITION)  # what commit() stores: 10
    consumer.track_message(messages[10])
    consumer.track_message(messages[11])
    consumer.ack(messages[11])  # 11 finishes while 10 is still in flight
    proposed = consumer._new_offset(PARTITION)
    verdict = "BUG: commits past in-flight offset 10" if proposed and proposed > 10 else "fixed"
    print(f"faust-streaming {version('faust-streaming')}: committed 10, offset 10 in flight, 11 acked -> "
          f"proposes to commit {proposed} ({verdict})")


if __name__ == "__main__":
    main()
