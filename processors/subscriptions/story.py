"""Story fingerprints: syndicated copies of one story share a normalised headline."""

from __future__ import annotations

import hashlib
import re

WORD = re.compile(r"\w+", re.UNICODE)
# Outlets append their own name after the headline ("… - Reuters", "… | ТАСС").
OUTLET_TAIL = re.compile(r"\s[|–—-]\s[^|–—-]*$")
HEADLINE_WORDS = 12


def fingerprint(title: str) -> str:
    words = [w.casefold().replace("ё", "е") for w in WORD.findall(OUTLET_TAIL.sub("", title))][:HEADLINE_WORDS]
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]


def fold_copies(articles: list[dict]) -> list[dict]:
    """Articles (AlertArticle dicts) with later copies of a story merged into the first as "also in"."""
    first: dict[str, dict] = {}
    for article in articles:
        key = article.get("story") or article["id"]
        if key not in first:
            first[key] = {**article, "also_in": list(article.get("also_in", []))}
        elif article["source"] not in first[key]["also_in"] and article["source"] != first[key]["source"]:
            first[key]["also_in"].append(article["source"])
    return list(first.values())
