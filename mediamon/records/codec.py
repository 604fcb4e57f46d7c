"""Decoding JSON messages into records at the edge, with a RecordError that says what is wrong."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import faust

from mediamon.errors import RecordError

RecordT = TypeVar("RecordT", bound=faust.Record)


def json_object(payload: bytes | str) -> dict[str, Any]:
    """The message as a JSON object, or RecordError (not JSON / not an object)."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {type(data).__name__}")
    return data


def record_from(data: dict[str, Any], record: type[RecordT]) -> RecordT:
    """Build `record` from the fields it knows (unknown ones come from newer producers: ignored)."""
    known = {k: v for k, v in data.items() if k in record._options.fields}
    try:
        return record.from_data(known)
    except (TypeError, ValueError, KeyError) as exc:
        raise RecordError(f"invalid {record.__name__}: {exc}") from exc


def decode_json_record(payload: bytes | str, record: type[RecordT]) -> RecordT:
    """Validate one JSON message as `record`; RecordError says why it is unusable."""
    return record_from(json_object(payload), record)
