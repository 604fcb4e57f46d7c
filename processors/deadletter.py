"""Send what a stage cannot process to its dead-letter topic, with the reason and original payload."""

from __future__ import annotations

import logging

import faust

from mediamon.records import DeadLetter

log = logging.getLogger(__name__)


async def send_dead_letter(topic: faust.TopicT, stage: str, reason: str, error: BaseException | str,
                           payload: bytes | str | None, event: faust.EventT | None = None,
                           key: str | None = None) -> None:
    """Log one specific line and produce the dead letter, waiting until Kafka confirmed it.

    faust attaches a send to the event (published at commit) only with `stream_publish_on_commit`,
    which is off; `force=True` keeps the dead letter immediate should anyone turn it on.
    """
    where = {}
    if event is not None:
        message = event.message
        where = {"source_topic": message.topic, "partition": message.partition, "offset": message.offset}
        if key is None and isinstance(event.key, bytes):
            key = event.key.decode("utf-8", errors="replace")
    letter = DeadLetter.build(stage, reason, error, payload, key=key, **where)
    log.warning("%s: dead-lettered %s (%s): %s", stage, key or "message", reason, letter.error)
    delivery = await topic.send(key=(key or "").encode("utf-8"), value=letter, force=True)
    await delivery
