"""What an alert looks like in each channel: webhook JSON, plain text, HTML, Slack and Telegram.

Snippets keep the matched surface separate (`before`/`surface`/`after`) so each format highlights
it its own way and no marker character can clash with the article's own quotes.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from mediamon.records import Alert, AlertArticle, EnrichedArticle, Mention, Subscription

SNIPPET_CONTEXT = 80  # characters each side: about one sentence, enough to judge relevance
MAX_SNIPPETS = 3
TITLES = {"match": "New mention", "digest": "Digest", "summary": "More mentions (rate limit reached)",
          "spike": "Spike in mentions", "silence": "Source silent", "back": "Source back"}


def snippets(article: EnrichedArticle, mentions: Iterable[Mention]) -> list[dict]:
    found = []
    for mention in list(mentions)[:MAX_SNIPPETS]:
        text = getattr(article, mention.field, "") or ""
        start, end = max(0, mention.start - SNIPPET_CONTEXT), min(len(text), mention.end + SNIPPET_CONTEXT)
        before, surface, after = text[start:mention.start], text[mention.start:mention.end], text[mention.end:end]
        found.append({"entity": mention.entity, "surface": surface, "field": mention.field,
                      "before": ("…" if start else "") + before, "after": after + ("…" if end < len(text) else ""),
                      "snippet": before + surface + after, "framing": mention.framing})
    return found


def webhook_body(alert: Alert) -> bytes:
    """The JSON a webhook receives; a single-article alert carries the article fields at top level."""
    data: dict[str, Any] = {"alert_id": alert.id, "kind": alert.kind, "subscription_id": alert.subscription_id,
                            "created": alert.created.isoformat(), "update": alert.update, "test": alert.test}
    if alert.message:
        data["message"] = alert.message
    articles = [_article_json(a) for a in alert.articles]
    if alert.kind == "match" and len(articles) == 1:
        data.update(articles[0])
    elif articles:
        data["articles"] = articles
    if alert.kind in ("digest", "summary"):
        data["groups"] = {name: [a.id for a in group] for name, group in _grouped(alert)}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _article_json(article: AlertArticle) -> dict[str, Any]:
    return {"article_id": article.id, "url": article.url, "title": article.title, "source": article.source,
            "lang": article.lang, "published": article.published.isoformat(), "entities": article.entities,
            "mentions": article.mentions, "also_in": article.also_in, "story_id": article.story_id}


SUBJECT_MAX = 200
TELEGRAM_MAX = 4096  # characters in one Bot API message
# Line breaks, NUL and other controls (Cc) plus bidi overrides/isolates (Cf, e.g. RLO U+202E) would
# split a mail header or disguise text; a header gets them replaced by a space.
_UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


def one_line(text: str) -> str:
    """Text safe for a single header line: no control or bidi characters, whitespace collapsed."""
    cleaned = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text)
    return " ".join(cleaned.split())


def neutral(text: str) -> str:
    """Multi-line text with NUL, other controls and bidi overrides (which can make a link read
    backwards) replaced by U+FFFD; line breaks and tabs stay."""
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) not in _UNSAFE_CATEGORIES else "\ufffd"
                   for ch in text)


def subject(alert: Alert, sub: Subscription) -> str:
    head = TITLES.get(alert.kind, alert.kind)
    if alert.kind == "match" and alert.articles:
        return one_line(f"[mediamon] {sub.name}: {alert.articles[0].title}")[:SUBJECT_MAX]
    return one_line(f"[mediamon] {sub.name}: {head}")[:SUBJECT_MAX]


def plain_text(alert: Alert, sub: Subscription) -> str:
    lines = [subject(alert, sub), ""]
    if alert.message:
        lines += [alert.message, ""]
    for group, articles in _grouped(alert):
        if group:
            lines.append(f"== {group} ==")
        for a in articles:
            lines.append(f"{a.title}\n  {a.source} · {a.lang} · {a.published:%Y-%m-%d %H:%M} UTC\n  {a.url}")
            lines += [f"  {m['before']}[{m['surface']}]{m['after']}" for m in a.mentions]
            if a.also_in:
                lines.append(f"  also in: {', '.join(a.also_in)}")
            lines.append("")
    return neutral("\n".join(lines))


def html_text(alert: Alert, sub: Subscription) -> str:
    e = html.escape
    parts = [f"<h2>{e(subject(alert, sub))}</h2>"]
    if alert.message:
        parts.append(f"<p>{e(alert.message)}</p>")
    for group, articles in _grouped(alert):
        if group:
            parts.append(f"<h3>{e(group)}</h3>")
        for a in articles:
            parts.append(f'<p><a href="{e(a.url)}"><b>{e(a.title)}</b></a><br>'
                         f"{e(a.source)} · {e(a.lang)} · {a.published:%Y-%m-%d %H:%M} UTC</p>")
            parts += [f"<blockquote>{e(m['before'])}<mark>{e(m['surface'])}</mark>{e(m['after'])}</blockquote>"
                      for m in a.mentions]
            if a.also_in:
                parts.append(f"<p>also in: {e(', '.join(a.also_in))}</p>")
    return neutral("\n".join(parts))


def slack_payload(alert: Alert, sub: Subscription) -> dict[str, Any]:
    """Slack incoming-webhook message (mrkdwn: *bold*, <url|text> links)."""
    lines = [f"*{_slack_escape(subject(alert, sub))}*"]
    if alert.message:
        lines.append(_slack_escape(alert.message))
    for a in alert.articles:
        link = _slack_escape(a.url).replace("|", "%7C")
        lines.append(f"<{link}|{_slack_escape(a.title)}> ({_slack_escape(a.source)}, {_slack_escape(a.lang)})")
        lines += [f">{_slack_escape(m['before'])}*{_slack_escape(m['surface'])}*{_slack_escape(m['after'])}"
                  for m in a.mentions[:1]]
        if a.also_in:
            lines.append(f"also in: {_slack_escape(', '.join(a.also_in))}")
    return {"text": neutral("\n".join(lines))}


def telegram_payload(alert: Alert, sub: Subscription, chat_id: str) -> dict[str, Any]:
    """Telegram Bot API sendMessage body (HTML parse mode; 4096 characters at most)."""
    e = html.escape
    lines = [f"<b>{e(subject(alert, sub))}</b>"]
    if alert.message:
        lines.append(e(alert.message))
    for a in alert.articles:
        lines.append(f'<a href="{e(a.url)}">{e(a.title)}</a> ({e(a.source)}, {e(a.lang)})')
        lines += [f"{e(m['before'])}<b>{e(m['surface'])}</b>{e(m['after'])}" for m in a.mentions[:1]]
        if a.also_in:
            lines.append(f"also in: {e(', '.join(a.also_in))}")
    return {"chat_id": chat_id, "text": neutral(_whole_lines(lines, TELEGRAM_MAX)), "parse_mode": "HTML",
            "disable_web_page_preview": True}


def _whole_lines(lines: list[str], limit: int) -> str:
    """As many whole lines as fit (the first, the subject, always does): cutting inside a tag or
    entity would make Telegram refuse the message."""
    kept: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in kept) + len(line) > limit:
            break
        kept.append(line)
    return "\n".join(kept)


def _grouped(alert: Alert) -> list[tuple[str, list[AlertArticle]]]:
    """Digests and summaries are grouped by entity and source; single alerts are one group."""
    if alert.kind not in ("digest", "summary"):
        return [("", list(alert.articles))]
    groups: dict[str, list[AlertArticle]] = {}
    for a in alert.articles:
        groups.setdefault(f"{', '.join(a.entities) or 'no entity'} — {a.source}", []).append(a)
    return sorted(groups.items())


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
