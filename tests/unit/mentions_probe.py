"""What the mention detector finds in one sentence, for the table-driven tests of issue 13."""

from __future__ import annotations

from processors.mentions import detect_mentions


def smo(text: str, published: str | None = None) -> list[str]:
    """The SMO surfaces found in `text` (no title, language left to detection)."""
    return _surfaces(text, "SMO", published)


def csto(text: str) -> list[str]:
    """The CSTO surfaces found in `text` (no title, language left to detection)."""
    return _surfaces(text, "CSTO", None)


def _surfaces(text: str, entity: str, published: str | None) -> list[str]:
    return [m.surface for m in detect_mentions("", text, "und", published) if m.entity == entity]


def overlaps(found: list[str], expected: str) -> bool:
    """True when some surface found and the expected span share text, as the evaluation counts a hit."""
    return any(expected in surface or surface in expected for surface in found)
