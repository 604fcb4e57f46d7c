"""Send what a stage cannot process to its dead-letter topic, with the reason and original payload."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import faust

from mediamon.errors import RecordError
from mediamon.records import DeadLetter
from processors.counters import Counters

T = TypeVar("T")

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


async def decode_or_dead_letter(event: faust.EventT, decode: Callable[[bytes], T], topic: faust.TopicT,
                                stage: str, counters: Counters) -> T | None:
    """The event's value decoded at the edge, or None once it went to `topic` as an invalid record
    (and was counted): what every agent does with a message it cannot read."""
    try:
        return decode(event.value)
    except RecordError as exc:
        await send_dead_letter(topic, stage, "invalid record", exc, event.value, event)
        counters.count(stage, "dead_lettered")
        return None
