"""Optional full-text fetch (`fulltext: true` per feed): many feeds carry only a teaser.

trafilatura ships its own extraction code and handles the page's charset from the bytes.
"""

from __future__ import annotations

import asyncio
import logging

import trafilatura

from ingest.fetch import Fetcher
from ingest.text import clean_text

log = logging.getLogger(__name__)


async def fetch_fulltext(fetcher: Fetcher, url: str) -> str | None:
    """Main text of the article page, or None (the caller keeps the feed's text)."""
    result = await fetcher.fetch(url, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
    if not result.ok or not result.body:
        log.info("full text of %s unavailable: %s", url, result.error or f"HTTP {result.status}")
        return None
    text = await asyncio.to_thread(trafilatura.extract, result.body, url=result.final_url,
                                   include_comments=False, include_tables=False)
    return clean_text(text) if text else None
