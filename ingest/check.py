"""`mediamon feeds check URL`: fetch and parse one feed exactly as the poller would, and say so."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.entries import ParsedFeed
from ingest.fetch import Fetcher, FetchResult
from ingest.parse import parse_feed
from ingest.safety import AddressPolicy
from mediamon.settings import Settings


@dataclass
class CheckReport:
    """What one fetch + parse saw; `problem` is the one-line reason when it is not usable."""

    fetch: FetchResult
    parsed: ParsedFeed | None = None
    languages: Counter[str] = field(default_factory=Counter)

    @property
    def problem(self) -> str | None:
        if self.fetch.error:
            return self.fetch.error
        if self.fetch.not_modified:
            return None
        if not self.fetch.ok:
            return f"HTTP {self.fetch.status}"
        return self.parsed.error if self.parsed else "not parsed"

    def lines(self) -> list[str]:
        f = self.fetch
        out = [f"url: {f.url}", f"final url: {f.final_url}", f"status: {f.status}"]
        if f.permanent_url:
            out.append(f"moved permanently to: {f.permanent_url}")
        for header in ("content-type", "etag", "last-modified", "cache-control", "retry-after"):
            if header in f.headers:
                out.append(f"{header}: {f.headers[header]}")
        out.append(f"bytes: {len(f.body)}")
        if self.parsed is not None:
            p = self.parsed
            out += [f"kind: {p.kind or 'unknown'}", f"encoding: {p.encoding or 'n/a'}",
                    f"title: {p.title}", f"entries: {len(p.entries)}",
                    f"declared language: {p.language or 'none'}"]
            if self.languages:
                out.append("detected languages: " + ", ".join(f"{k} {v}" for k, v in self.languages.most_common()))
            if p.warning:
                out.append(f"parse warning (bozo): {p.warning}")
        if self.problem:
            out.append(f"error: {self.problem}")
        return out


# (title, text) -> language code. Passed in by the caller (the CLI passes the enrichment stage's
# detector) so that ingest does not import processors.
LanguageDetector = Callable[[str, str], str]


async def check_feed(settings: Settings, url: str, allow_private: bool,
                     detect_language: LanguageDetector) -> CheckReport:
    """Fetch and parse `url` like the poller; count the languages `detect_language` finds per entry
    (the detector the enrichment stage runs, so a mislabelled feed shows up)."""
    async with Fetcher(settings, AddressPolicy(allow_all=allow_private)) as fetcher:
        result = await fetcher.fetch(url)
    report = CheckReport(fetch=result)
    if result.ok:
        report.parsed = parse_feed(result.body, result.headers, result.final_url)
        report.languages = Counter(detect_language(e.title, e.text) for e in report.parsed.entries)
    return report
