"""Evaluate a subscription's boolean query (search syntax) against one article, in process.

A query is compiled once into a predicate; an `ArticleView` tokenises and stems an article once
for every subscription that looks at it. Words match a token or, through the article language's
Snowball stemmer, an inflected form ("операции" finds "операция"), like the per-language
analysers on the search side; wildcards match tokens; phrases match consecutive stems.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cached_property, lru_cache

import Stemmer
from luqum import tree as t

from mediamon.query import QuerySyntaxError, parse_query
from mediamon.query.fields import DEFAULT_FIELD, FIELDS, Kind
from mediamon.records import EnrichedArticle

Predicate = Callable[["ArticleView"], bool]

# Word characters plus combining marks (Bengali/Devanagari vowel signs are marks, not separators).
TOKEN = re.compile(r"[\w\u0300-\u036f\u0900-\u0dff]+", re.UNICODE)
STEMMERS = {"ru": "russian", "en": "english", "de": "german", "fr": "french", "es": "spanish",
            "tr": "turkish", "ar": "arabic", "hy": "armenian", "hi": "hindi", "pl": "polish",
            "fa": "persian", "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish"}
DEFAULT_TEXT = DEFAULT_FIELD.targets


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    name = STEMMERS.get(lang)
    return Stemmer.Stemmer(name) if name else None


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


class ArticleView:
    """An article prepared once for matching: keyword sets and per-field tokens and stems."""

    def __init__(self, article: EnrichedArticle) -> None:
        self.article = article
        self.stemmer = _stemmer(article.lang)
        # Leaf results by (field, words, slop): thousands of subscriptions share a few terms.
        self.leaves: dict[tuple[str, tuple[str, ...], int], bool] = {}

    def keywords(self, name: str) -> set[str]:
        return self._keywords[name]

    @cached_property
    def _keywords(self) -> dict[str, set[str]]:
        a = self.article
        values = {"entities": a.entities, "lang": [a.lang], "source": [a.source], "country": [a.country or ""],
                  "topics": [x.id for x in a.topics], "subtopics": [x.id for x in a.subtopics],
                  "framings": [m.framing for m in a.mentions if m.framing], "tags": a.tags, "url": [a.url],
                  "feed_url": [a.feed_url], "id": [a.id], "cited": a.cited, "story_id": [a.story_id],
                  "story_origin_id": [a.story_origin_id], "story_origin_outlet": [a.story_origin_outlet or ""],
                  "story_languages": a.story_languages}
        return {name: {_fold(v) for v in vals if v} for name, vals in values.items()}

    def tokens(self, field: str) -> list[str]:
        return self._tokens[field]

    def stems(self, field: str) -> list[str]:
        return self._stems[field]

    @cached_property
    def _tokens(self) -> dict[str, list[str]]:
        return {f: [_fold(w) for w in TOKEN.findall(getattr(self.article, f) or "")] for f in DEFAULT_TEXT}

    @cached_property
    def _stems(self) -> dict[str, list[str]]:
        return {f: self.stem_all(tokens) for f, tokens in self._tokens.items()}

    @cached_property
    def word_sets(self) -> dict[str, set[str]]:
        """Tokens and stems of each field in one set, for the common one-word term."""
        return {f: set(self._tokens[f]) | set(self._stems[f]) for f in DEFAULT_TEXT}

    def stem_all(self, words: list[str]) -> list[str]:
        return self.stemmer.stemWords(words) if self.stemmer else list(words)


def compile_query(query: str) -> Predicate:
    """The predicate of `query`; QuerySyntaxError for syntax the in-process matcher cannot run."""
    return _compile(parse_query(query), None, query)


def _error(query: str, reason: str, node: t.Item) -> QuerySyntaxError:
    return QuerySyntaxError(reason, query, getattr(node, "pos", None))


def _compile(node: t.Item, field: str | None, query: str) -> Predicate:
    if isinstance(node, (t.AndOperation, t.UnknownOperation)):
        parts = [_compile(c, field, query) for c in node.children]
        return lambda view: all(p(view) for p in parts)
    if isinstance(node, t.OrOperation):
        parts = [_compile(c, field, query) for c in node.children]
        return lambda view: any(p(view) for p in parts)
    if isinstance(node, (t.Not, t.Prohibit)):
        inner = _compile(node.a, field, query)
        return lambda view: not inner(view)
    if isinstance(node, (t.Group, t.FieldGroup)):
        return _compile(node.expr, field, query)
    if isinstance(node, (t.Plus, t.Boost)):
        return _compile(node.a if isinstance(node, t.Plus) else node.expr, field, query)
    if isinstance(node, t.SearchField):
        name = node.name.lower()
        if field is not None:
            raise _error(query, f"field {node.name!r} inside another field", node)
        spec = FIELDS.get(name)
        if spec is None:
            raise _error(query, f"unknown field {node.name!r}; use one of {', '.join(sorted(FIELDS))}", node)
        if spec.kind is Kind.DATE:
            return _date_range(node, spec.targets[0], query)
        return _compile(node.expr, name, query)
    if isinstance(node, t.Fuzzy):
        return _compile(node.term, field, query)
    if isinstance(node, (t.Word, t.Phrase, t.Proximity)):
        return _leaf(node, field)
    raise _error(query, f"{type(node).__name__} is not supported in alert queries", node)


def _leaf(node: t.Word | t.Phrase | t.Proximity, field: str | None) -> Predicate:
    term = node.term if isinstance(node, t.Proximity) else node
    value = term.value.strip('"') if isinstance(term, t.Phrase) else term.value
    spec = FIELDS[field] if field else DEFAULT_FIELD
    if spec.kind is Kind.KEYWORD:
        attr, wanted = spec.targets[0], _fold(value)
        if any(ch in wanted for ch in "*?"):
            return lambda view: bool(fnmatch.filter(view.keywords(attr), wanted))
        return lambda view: wanted in view.keywords(attr)
    fields = spec.targets
    words = [_fold(w) for w in TOKEN.findall(value)]
    if not words:
        return lambda view: False
    if len(words) == 1 and any(ch in value for ch in "*?"):
        pattern = re.compile(fnmatch.translate(_fold(value)))
        return lambda view: any(pattern.match(tok) for f in fields for tok in view.tokens(f))
    slop = int(node.degree or 0) if isinstance(node, t.Proximity) else 0
    return lambda view: any(_text_in(view, f, words, slop) for f in fields)


def _text_in(view: ArticleView, field: str, words: list[str], slop: int) -> bool:
    key = (field, tuple(words), slop)
    found = view.leaves.get(key)
    if found is None:
        if len(words) == 1:
            found = words[0] in view.word_sets[field] or view.stem_all(words)[0] in view.word_sets[field]
        else:
            found = _phrase_in(view, field, words, slop)
        view.leaves[key] = found
    return found


def _phrase_in(view: ArticleView, field: str, words: list[str], slop: int) -> bool:
    """Words in order, at most `slop` extra tokens between first and last; by token or by stem."""
    wanted = view.stem_all(words)
    stems, tokens = view.stems(field), view.tokens(field)
    span = len(words) + slop
    for start, stem in enumerate(stems):
        if stem != wanted[0] and tokens[start] != words[0]:
            continue
        pos, ok = start, True
        for word, want in zip(words[1:], wanted[1:]):
            pos = next((i for i in range(pos + 1, min(start + span, len(stems)))
                        if stems[i] == want or tokens[i] == word), -1)
            if pos < 0:
                ok = False
                break
        if ok:
            return True
    return False


def _date_range(node: t.SearchField, attr: str, query: str) -> Predicate:
    expr = node.expr
    if not isinstance(expr, t.Range):
        raise _error(query, f"{node.name} needs a range such as [2024-01-01 TO *]", node)

    def bound(item: t.Item) -> datetime | None:
        text = str(item).strip()
        if text == "*":
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            raise _error(query, f"not an ISO date: {text!r}", node) from exc
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    low, high = bound(expr.low), bound(expr.high)

    def check(view: ArticleView) -> bool:
        value = getattr(view.article, attr)
        value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        above = low is None or (value >= low if expr.include_low else value > low)
        below = high is None or (value <= high if expr.include_high else value < high)
        return above and below

    return check
