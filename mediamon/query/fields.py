"""The field names analysts type (`entity:CSTO`, `lang:ru`, `title:саммит`) and what they search."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "text"        # analysed: neutral field plus the per-language `*_i18n.<lang>` sub-fields
    KEYWORD = "keyword"  # exact value, case-insensitive
    DATE = "date"


@dataclass(frozen=True)
class Field:
    kind: Kind
    targets: tuple[str, ...]


# Text is searched in title (weighted up: a word in the headline matters more) and text.
TITLE, TEXT = "title", "text"
TEXT_BOOST = {TITLE: 2.0, TEXT: 1.0}

FIELDS: dict[str, Field] = {
    "title": Field(Kind.TEXT, (TITLE,)),
    "text": Field(Kind.TEXT, (TEXT,)),
    "entity": Field(Kind.KEYWORD, ("entities",)),
    "entities": Field(Kind.KEYWORD, ("entities",)),
    "lang": Field(Kind.KEYWORD, ("lang",)),
    "language": Field(Kind.KEYWORD, ("lang",)),
    "source": Field(Kind.KEYWORD, ("source",)),
    "country": Field(Kind.KEYWORD, ("country",)),
    "topic": Field(Kind.KEYWORD, ("topics",)),
    "topics": Field(Kind.KEYWORD, ("topics",)),
    "subtopic": Field(Kind.KEYWORD, ("subtopics",)),
    "framing": Field(Kind.KEYWORD, ("framings",)),
    "cited": Field(Kind.KEYWORD, ("cited",)),
    "story": Field(Kind.KEYWORD, ("story_id",)),
    "story_origin": Field(Kind.KEYWORD, ("story_origin_id",)),
    "origin_outlet": Field(Kind.KEYWORD, ("story_origin_outlet",)),
    "story_lang": Field(Kind.KEYWORD, ("story_languages",)),
    "tag": Field(Kind.KEYWORD, ("tags",)),
    "url": Field(Kind.KEYWORD, ("url",)),
    "feed": Field(Kind.KEYWORD, ("feed_url",)),
    "feed_url": Field(Kind.KEYWORD, ("feed_url",)),
    "id": Field(Kind.KEYWORD, ("id",)),
    "published": Field(Kind.DATE, ("published",)),
    "date": Field(Kind.DATE, ("published",)),
    "fetched": Field(Kind.DATE, ("fetched",)),
}
DEFAULT_FIELD = Field(Kind.TEXT, (TITLE, TEXT))


def text_fields(targets: tuple[str, ...], languages: frozenset[str] | set[str]) -> list[str]:
    """`title` -> `title^2`, `title_i18n.ru^2`, … for every language that has an analysed sub-field."""
    fields: list[str] = []
    for target in targets:
        boost = TEXT_BOOST[target]
        names = [target] + [f"{target}_i18n.{lang}" for lang in sorted(languages)]
        fields += [name if boost == 1.0 else f"{name}^{boost:g}" for name in names]
    return fields
