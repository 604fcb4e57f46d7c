"""Decoding JSON messages into records at the edge, with a RecordError that says what is wrong."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import faust

from mediamon.errors import RecordError

RecordT = TypeVar("RecordT", bound=faust.Record)

# A `\ud800`-style escape of half a surrogate pair decodes to a lone surrogate, which no stage can
# encode as UTF-8 (cld2, the Kafka producer and Elasticsearch all fail on it): it becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def loads_text_safe(payload: bytes | str) -> Any:
    """`json.loads`, except that lone surrogates come back as U+FFFD so the text stays encodable."""
    return _without_lone_surrogates(json.loads(payload))


def json_object(payload: bytes | str) -> dict[str, Any]:
    """The message as a JSON object, or RecordError (not JSON / not an object)."""
    try:
        data = loads_text_safe(payload)
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
