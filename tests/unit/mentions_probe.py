"""What the mention detector finds in one sentence, for the table-driven tests of issue 13."""

from __future__ import annotations

from processors.mentions import detect_mentions


def smo(text: str, published: str | None = None) -> list[str]:
    """The SMO surfaces found in `text` (no title, language left to detection)."""
    return [m.surface for m in detect_mentions("", text, "und", published) if m.entity == "SMO"]


def overlaps(found: list[str], expected: str) -> bool:
    """True when some surface found and the expected span share text, as the evaluation counts a hit."""
    return any(expected in surface or surface in expected for surface in found)


def csto(text: str) -> list[str]:
    """The CSTO surfaces found in `text` (no title, language left to detection)."""
    return [m.surface for m in detect_mentions("", text, "und") if m.entity == "CSTO"]
