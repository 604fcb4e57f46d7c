"""Sample records for the alerts unit tests."""

from __future__ import annotations

from datetime import datetime, timezone

from mediamon.records import EnrichedArticle, Mention

TEXT = "В Минске прошёл саммит ОДКБ: лидеры обсудили безопасность."


def enriched(entities: list[str], lang: str = "ru", title: str = "Саммит в Минске", source: str = "tass",
             article_id: str = "a1") -> EnrichedArticle:
    mentions = [Mention(entity=e, surface="ОДКБ", start=TEXT.index("ОДКБ"), end=TEXT.index("ОДКБ") + 4,
                        field="text", confidence=0.9) for e in entities]
    now = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    return EnrichedArticle(id=article_id, url=f"https://{source}.example/{article_id}",
                           feed_url=f"https://{source}.example/rss", source=source, title=title, text=TEXT,
                           published=now, fetched=now, lang=lang, entities=entities, mentions=mentions)
