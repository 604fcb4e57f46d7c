"""Translate a parsed query (luqum tree) into a tantivy query, with what to highlight.

The semantics are those of `mediamon/query/elastic.py` (the Elasticsearch translation), so both
engines find the same articles: a word must occur in title or text, as itself (any script) or as a
stem of the languages searched (all with a stemmer, or those the search is filtered to); words of
one token list (CJK characters of one word) must all occur in one field; phrases keep their order
and slop; keyword fields match exactly and case-insensitively; wildcards and regular expressions
work on the neutral form of the words. Title matches weigh twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import tantivy
from luqum import tree as t

from mediamon.query.analysis import neutral, stemmed_languages, stems, tokens
from mediamon.query.fields import DEFAULT_FIELD, FIELDS, TEXT_BOOST, Field, Kind
from mediamon.query.parse import QuerySyntaxError, parse_query
from mediamon.search.local.schema import date_field, keyword_field, stem_field, to_micros

Q = tantivy.Query
MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


@dataclass
class Highlight:
    """Terms a hit's snippets mark: neutral words, language-prefixed stems and patterns."""

    words: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    patterns: list[re.Pattern[str]] = field(default_factory=list)


def all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    return queries[0] if len(queries) == 1 else Q.boolean_query([(MUST, query) for query in queries])


def any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if not queries:
        return Q.empty_query()
    return queries[0] if len(queries) == 1 else Q.boolean_query([(SHOULD, query) for query in queries])


def none_of(query: tantivy.Query) -> tantivy.Query:
    """Everything except `query` (a boolean query of MustNot clauses alone matches nothing)."""
    return Q.boolean_query([(MUST, Q.all_query()), (MUST_NOT, query)])


def wildcard_pattern(value: str) -> str:
    return "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in value)


def parse_day(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise QuerySyntaxError(f"cannot read {value!r} as a date (use 2024-11-25 or 2024-11-25T09:00:00Z)") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _is_date_only(value: str) -> bool:
    return len(value) == 10


class Translator:
    def __init__(self, schema: tantivy.Schema, query: str, languages: frozenset[str] | None) -> None:
        self.schema = schema
        self.query = query
        self.languages = stemmed_languages(languages)
        self.highlight = Highlight()

    def error(self, reason: str, node: t.Item) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.query, getattr(node, "pos", None))

    def visit(self, node: t.Item, field: Field = DEFAULT_FIELD, negated: bool = False) -> tantivy.Query:
        if isinstance(node, t.AndOperation):
            return all_of([self.visit(child, field, negated) for child in node.children])
        if isinstance(node, t.OrOperation):
            return any_of([self.visit(child, field, negated) for child in node.children])
        if isinstance(node, (t.Not, t.Prohibit)):
            return none_of(self.visit(node.a, field, not negated))
        if isinstance(node, (t.Group, t.FieldGroup, t.Plus)):
            return self.visit(node.expr if hasattr(node, "expr") else node.a, field, negated)
        if isinstance(node, t.Boost):
            return Q.boost_query(self.visit(node.expr, field, negated), float(node.force or 1))
        if isinstance(node, t.SearchField):
            if field is not DEFAULT_FIELD:
                raise self.error(f"field {node.name!r} inside another field", node)
            known = FIELDS.get(node.name.lower())
            if known is None:
                raise self.error(f"unknown field {node.name!r}; use one of {', '.join(sorted(FIELDS))}", node)
            return self.visit(node.expr, known, negated)
        return self.leaf(node, field, negated)

    def leaf(self, node: t.Item, field: Field, negated: bool) -> tantivy.Query:
        if isinstance(node, (t.Range, t.From, t.To)):
            return self.range(node, field)
        if isinstance(node, t.Regex):
            try:
                return self.pattern(field, node.value.strip("/"), negated)
            except (re.error, ValueError) as exc:  # Python's (highlighting) or tantivy's regex parser
                reason = " ".join(str(exc).split())[:300]
                raise self.error(f"invalid regular expression {node.value}: {reason}", node) from None
        if isinstance(node, t.Proximity):
            return self.text(field, _unquote(node.term.value), negated, phrase=True, slop=int(node.degree or 0))
        if isinstance(node, t.Fuzzy):
            return self.fuzzy(field, node.term.value, node.degree, negated)
        if isinstance(node, t.Phrase):
            value = _unquote(node.value)
            return self.text(field, value, negated, phrase=True) if field.kind is Kind.TEXT else self.keyword(field, value)
        if isinstance(node, t.Word):
            if node.value == "*":
                return Q.all_query() if field is DEFAULT_FIELD or field.kind is not Kind.KEYWORD else any_of(
                    [Q.exists_query(f"{target}_kw") for target in field.targets])
            if field.kind is Kind.TEXT:
                return self.text(field, node.value, negated)
            return self.keyword(field, node.value)
        raise self.error(f"{type(node).__name__} is not supported here", node)

    def text(self, field: Field, value: str, negated: bool, phrase: bool = False, slop: int = 0) -> tantivy.Query:
        if field.kind is not Kind.TEXT:
            return self.keyword(field, value)
        if not phrase and any(char in value for char in "*?"):
            return self.pattern(field, wildcard_pattern(neutral(value)), negated)
        words = tokens(value)
        if not words:
            return Q.empty_query()
        per_language = {lang: stems(lang, words) for lang in self.languages}
        if not negated:
            self.highlight.words.update(words)
            for lang_stems in per_language.values():
                self.highlight.stems.update(lang_stems)
        clauses = []
        for target in field.targets:
            forms = [(target, words)] + [(stem_field(target), lang_stems) for lang_stems in per_language.values()]
            matches = [self.terms(name, terms, phrase, slop) for name, terms in forms]
            clauses.append(Q.boost_query(any_of(matches), TEXT_BOOST[target]))
        return any_of(clauses)

    def terms(self, name: str, terms: list[str], phrase: bool, slop: int) -> tantivy.Query:
        if phrase and len(terms) > 1:
            return Q.phrase_query(self.schema, name, terms, slop)
        return all_of([Q.term_query(self.schema, name, term) for term in terms])

    def fuzzy(self, field: Field, value: str, degree: Any, negated: bool) -> tantivy.Query:
        words = tokens(value)
        if field.kind is not Kind.TEXT or len(words) != 1:
            return self.text(field, value, negated)
        distance = int(float(degree)) if degree else (0 if len(words[0]) <= 2 else 1 if len(words[0]) <= 5 else 2)
        self.highlight.words.add(words[0])
        return any_of([Q.boost_query(Q.fuzzy_term_query(self.schema, target, words[0], distance), TEXT_BOOST[target])
                       for target in field.targets])

    def pattern(self, field: Field, pattern: str, negated: bool) -> tantivy.Query:
        """A regular expression over whole terms: neutral words of text fields, lower-cased keywords."""
        if field.kind is Kind.TEXT:
            if not negated:
                self.highlight.patterns.append(re.compile(pattern))
            return any_of([Q.regex_query(self.schema, target, pattern) for target in field.targets])
        return any_of([Q.regex_query(self.schema, keyword_field(target), pattern.lower()) for target in field.targets])

    def keyword(self, field: Field, value: str) -> tantivy.Query:
        if field.kind is Kind.DATE:
            start = parse_day(value)
            end = start + timedelta(days=1) if _is_date_only(value) else start
            return any_of([Q.range_query(self.schema, date_field(target), tantivy.FieldType.Integer,
                                         to_micros(start), to_micros(end), include_upper=not _is_date_only(value))
                           for target in field.targets])
        if any(char in value for char in "*?"):
            return self.pattern(field, wildcard_pattern(value.lower()), negated=True)
        return any_of([Q.term_query(self.schema, keyword_field(target), value.lower()) for target in field.targets])

    def range(self, node: t.Item, field: Field) -> tantivy.Query:
        if field.kind is not Kind.DATE:
            raise self.error("ranges need a date field such as published:[2024-01-01 TO 2024-02-01]", node)
        if isinstance(node, t.Range):
            low = None if node.low.value == "*" else (node.low.value, node.include_low)
            high = None if node.high.value == "*" else (node.high.value, node.include_high)
        elif isinstance(node, t.From):
            low, high = (node.a.value, node.include), None
        else:
            low, high = None, (node.a.value, node.include)
        if low is None and high is None:
            return Q.all_query()
        lower = _lower_bound(*low) if low else None
        upper = _upper_bound(*high) if high else None
        return any_of([Q.range_query(self.schema, date_field(target), tantivy.FieldType.Integer, lower, upper)
                       for target in field.targets])


def _day_end(value: str) -> int:
    """The last microsecond of a date-only value's day (or the moment itself for a full timestamp)."""
    moment = parse_day(value)
    return to_micros(moment + timedelta(days=1)) - 1 if _is_date_only(value) else to_micros(moment)


def _lower_bound(value: str, inclusive: bool) -> int:
    """`[2024-11-21 TO` starts with that day; `{2024-11-21 TO` after it (Elasticsearch rounds a
    date-only `gt` up to the end of the day)."""
    return to_micros(parse_day(value)) if inclusive else _day_end(value) + 1


def _upper_bound(value: str, inclusive: bool) -> int:
    """`TO 2024-11-24]` includes that whole day, as Elasticsearch does for a date-only `lte`;
    `TO 2024-11-24}` stops before it."""
    return _day_end(value) if inclusive else to_micros(parse_day(value)) - 1


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def to_tantivy(schema: tantivy.Schema, query: str,
               languages: frozenset[str] | None = None) -> tuple[tantivy.Query, Highlight]:
    """The tantivy query for `query` and the terms its snippets should mark."""
    translator = Translator(schema, query, languages)
    return translator.visit(parse_query(query)), translator.highlight
