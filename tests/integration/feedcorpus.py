"""feedparser's test corpus (../shared/feedcorpus) as cases for the poller's fetch+parse path.

Each case's expectations live in an XML comment in the file (see feedcorpus/README.md); we read
them the way upstream does, serve the file over a real local HTTP server with its `Header:`
lines, and evaluate `Expect:` against what our path produced.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

# Upstream's regexes for the test comment (feedparser tests/helpers.py at the corpus commit).
_DESCRIPTION_EXPECT = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
_SKIP_UNLESS = re.compile(r"SkipUnless:\s*(.*?)\n")
_HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)
UPSTREAM_ORIGIN = "http://127.0.0.1:8097"
_BOMS = ((codecs.BOM_UTF32_BE, "utf-32be"), (codecs.BOM_UTF32_LE, "utf-32le"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_BE, "utf-16be"), (codecs.BOM_UTF16_LE, "utf-16le"),
         (b"\x00\x00\x00<", "utf-32be"), (b"<\x00\x00\x00", "utf-32le"),
         (b"\x00<\x00?", "utf-16be"), (b"<\x00?\x00", "utf-16le"))


@dataclass
class Case:
    path: str  # relative to the feedparser folder, e.g. tests/encoding/big5.xml
    body: bytes
    expect: str
    http: bool
    headers: dict[str, str] = field(default_factory=dict)
    skip_unless: str | None = None

    def expect_at(self, origin: str) -> str:
        """The expectation with upstream's fixed test-server origin replaced by ours."""
        return self.expect.replace(UPSTREAM_ORIGIN, origin)


def _decoded(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="ignore")
    return data.decode("utf-8", errors="ignore")


def load_cases(root: Path) -> list[Case]:
    cases = []
    for path in sorted((root / "tests").rglob("*.xml")):
        body = path.read_bytes()
        text = _decoded(body)
        match = _DESCRIPTION_EXPECT.search(text)
        if not match:
            continue
        relative = path.relative_to(root).as_posix()
        http = "http" in relative
        headers = {name.strip(): value.strip() for name, value in _HEADER.findall(text)} if http else {}
        if http and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "text/xml"
        skip = _SKIP_UNLESS.search(text)
        cases.append(Case(relative, body, match.group(2).strip(), http, headers, skip and skip.group(1)))
    return cases


def upstream_verdict(case: Case, url: str, origin: str) -> bool:
    """`Expect:` evaluated the way upstream's harness feeds this file to feedparser."""
    import feedparser

    if case.http:
        result = feedparser.parse(url)  # feedparser's own HTTP client against our server
    elif case.path.startswith(("tests/encoding/", "tests/illformed/")):
        result = feedparser.parse(case.body)
    else:
        result = feedparser.parse(_decoded(case.body))
    return evaluate(case.expect_at(origin), result)


def evaluate(expect: str, result: dict, **extra: object) -> bool:
    """Upstream evaluates `Expect:` with the result's keys as names (plus datetime)."""
    import datetime

    import feedparser

    namespace = {**result, "datetime": datetime, "feedparser": feedparser, **extra}
    try:
        return bool(eval(expect, namespace))  # noqa: S307 - expressions from the test corpus
    except Exception:  # noqa: BLE001 - a KeyError/IndexError means the expectation does not hold
        return False
