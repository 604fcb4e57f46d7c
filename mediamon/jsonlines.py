"""Reading one JSON Lines record, shared by the offline commands (`annotate`, `stories`).

Both answer a bad line with `{"line", "error"}` in place of its output instead of stopping, so a
user fixing a large file sees every bad line at once; the wording of those errors lives here.
"""

from __future__ import annotations

from typing import Any

from mediamon.records.codec import loads_text_safe


class BadLine(ValueError):
    """The line is not a JSON object; the message says what it is instead."""


def load_object(line: str) -> dict[str, Any]:
    try:
        item = loads_text_safe(line)
    except ValueError as exc:
        raise BadLine(f"not JSON: {exc}") from None
    if not isinstance(item, dict):
        raise BadLine(f"expected a JSON object, got {type(item).__name__}")
    return item
