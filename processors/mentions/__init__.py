"""Mentions of tracked entities (CSTO, SMO) found with a data-file gazetteer."""

from __future__ import annotations

from mediamon.records import Mention


def detect_mentions(title: str, text: str, lang: str) -> list[Mention]:
    """Every mention in title and text, in field then text order (placeholder until issue 4)."""
    found = []
    for field, value in (("title", title), ("text", text)):
        for surface, entity in (("ОДКБ", "CSTO"), ("CSTO", "CSTO"), ("СВО", "SMO")):
            start = value.find(surface)
            while start >= 0:
                found.append(Mention(entity=entity, surface=surface, start=start, end=start + len(surface),
                                     field=field, confidence=0.9))
                start = value.find(surface, start + 1)
    return found
