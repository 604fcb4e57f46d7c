"""One key per web page for the eval-set tests, so a page is not reused under another spelling."""

from __future__ import annotations

import re

ADDRESS_PREFIX = re.compile(r"^(?:https?://)?(?:(?:www|m|amp)\.)?")


def page(url: str) -> str:
    """One page under its http/https, www./m./amp. and trailing-slash spellings."""
    return ADDRESS_PREFIX.sub("", url.strip().lower()).rstrip("/")
