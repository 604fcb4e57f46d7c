"""Translate a parsed query (luqum tree) into Elasticsearch query DSL over our multilingual fields.

A word or phrase is matched against the language-neutral field (exact words in any script) and
against each per-language sub-field (inflected forms: "военной операции" finds "военная
операция"), so analysts never need to know which analyser a document got.
"""

from __future__ import annotations

from typing import Any

from luqum import tree as t

from mediamon.query.analysis import tokens
from mediamon.query.fields import DEFAULT_FIELD, FIELDS, Field, Kind, text_fields
from mediamon.query.parse import QuerySyntaxError, parse_query

Query = dict[str, Any]
WILDCARD_CHARS = ("*", "?")


def _single_word(node: t.Item) -> bool:
    """A plain word that the analysers keep as one token (no wildcard, no CJK run, no punctuation)."""
    return (isinstance(node, t.Word) and node.value != "*" and not any(char in node.value for char in WILDCARD_CHARS)
            and len(tokens(node.value)) == 1)


class _Translator:
    def __init__(self, query: str, languages: frozenset[str] | set[str]) -> None:
        self.query = query
        self.languages = languages
        #: Text fields a positive clause searches: the only ones worth highlighting.
        self.text_targets: set[str] = set()

    def error(self, reason: str, node: t.Item) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.query, getattr(node, "pos", None))

    def visit(self, node: t.Item, field: Field = DEFAULT_FIELD) -> Query:
        if isinstance(node, t.AndOperation):
            return {"bool": {"must": [self.visit(child, field) for child in node.children]}}
        if isinstance(node, t.OrOperation):
            return self.any_of(node, field)
        if isinstance(node, (t.Not, t.Prohibit)):
            targets = set(self.text_targets)
            negated = {"bool": {"must_not": [self.visit(node.a, field)]}}
            self.text_targets = targets  # words the article must not contain are never highlighted
            return negated
        if isinstance(node, (t.Group, t.FieldGroup, t.Plus)):
            return self.visit(node.expr if hasattr(node, "expr") else node.a, field)
        if isinstance(node, t.Boost):
            return {"bool": {"must": [self.visit(node.expr, field)], "boost": float(node.force or 1)}}
        if isinstance(node, t.SearchField):
            return self.search_field(node, field)
        return self.leaf(node, field)

    def any_of(self, node: t.OrOperation, field: Field) -> Query:
        """OR'd plain words become one `multi_match` with operator `or`: the same articles, but one
        pass over the fields instead of one per word (a server without an inverted index scans every
        document once per clause)."""
        words = [child for child in node.children if _single_word(child)]
        others = [self.visit(child, field) for child in node.children if not _single_word(child)]
        if field.kind is Kind.TEXT and len(words) > 1:
            self.text_targets.update(field.targets)
            merged = {"multi_match": {"query": " ".join(word.value for word in words), "operator": "or",
                                      "type": "best_fields", "tie_breaker": 0.3,
                                      "fields": text_fields(field.targets, self.languages)}}
            clauses = [merged, *others]
        else:
            clauses = [self.visit(child, field) for child in words] + others
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}

    def search_field(self, node: t.SearchField, outer: Field) -> Query:
        if outer is not DEFAULT_FIELD:
            raise self.error(f"field {node.name!r} inside another field", node)
        known = FIELDS.get(node.name.lower())
        if known is None:
            raise self.error(f"unknown field {node.name!r}; use one of {', '.join(sorted(FIELDS))}", node)
        return self.visit(node.expr, known)

    def leaf(self, node: t.Item, field: Field) -> Query:
        if isinstance(node, (t.Range, t.From, t.To)):
            return self.range(node, field)
        if isinstance(node, t.Regex):
            return self.any_target(field, lambda name: {"regexp": {name: {"value": node.value.strip("/"),
                                                                         "case_insensitive": True}}})
        if isinstance(node, t.Proximity):
            return self.text(field, _unquote(node.term.value), phrase=True, slop=int(node.degree or 0))
        if isinstance(node, t.Fuzzy):
            return self.text(field, node.term.value, fuzziness=str(node.degree) if node.degree else "AUTO")
        if isinstance(node, t.Phrase):
            value = _unquote(node.value)
            return self.keyword(field, value) if field.kind is not Kind.TEXT else self.text(field, value, phrase=True)
        if isinstance(node, t.Word):
            if node.value == "*":
                return {"exists": {"field": field.targets[0]}} if field is not DEFAULT_FIELD else {"match_all": {}}
            if field.kind is Kind.TEXT:
                return self.text(field, node.value)
            return self.keyword(field, node.value)
        raise self.error(f"{type(node).__name__} is not supported here", node)

    def text(self, field: Field, value: str, phrase: bool = False, slop: int = 0,
             fuzziness: str | None = None) -> Query:
        if field.kind is not Kind.TEXT:
            return self.keyword(field, value)
        self.text_targets.update(field.targets)
        if not phrase and any(char in value for char in WILDCARD_CHARS):
            # Wildcards are not analysed, so only the neutral (lowercased, folded) field is reliable.
            return self.any_target(field, lambda name: {"wildcard": {name: {"value": value.lower()}}})
        body: dict[str, Any] = {"query": value, "fields": text_fields(field.targets, self.languages)}
        if phrase:
            body.update(type="phrase", slop=slop)
        else:
            body.update(type="best_fields", operator="and", tie_breaker=0.3)
            if fuzziness:
                body["fuzziness"] = fuzziness
        return {"multi_match": body}

    def keyword(self, field: Field, value: str) -> Query:
        if field.kind is Kind.DATE:
            return self.any_target(field, lambda name: {"range": {name: {"gte": f"{value}||/d", "lte": f"{value}||/d"}}})
        if any(char in value for char in WILDCARD_CHARS):
            return self.any_target(field, lambda name: {"wildcard": {name: {"value": value, "case_insensitive": True}}})
        return self.any_target(field, lambda name: {"term": {name: {"value": value, "case_insensitive": True}}})

    def range(self, node: t.Item, field: Field) -> Query:
        if field.kind is Kind.TEXT:
            raise self.error("ranges need a field such as published:[2024-01-01 TO 2024-02-01]", node)
        bounds: dict[str, str] = {}
        if isinstance(node, t.Range):
            if node.low.value != "*":
                bounds["gte" if node.include_low else "gt"] = node.low.value
            if node.high.value != "*":
                bounds["lte" if node.include_high else "lt"] = node.high.value
        elif isinstance(node, t.From):
            bounds["gte" if node.include else "gt"] = node.a.value
        else:
            bounds["lte" if node.include else "lt"] = node.a.value
        return self.any_target(field, lambda name: {"range": {name: bounds}})

    @staticmethod
    def any_target(field: Field, build: Any) -> Query:
        queries = [build(name) for name in field.targets]
        return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def translate(query: str, languages: frozenset[str] | set[str]) -> tuple[Query, set[str]]:
    """The Elasticsearch query for `query` and the text fields (`title`, `text`) it searches;
    `languages` are the per-language sub-fields to search (those with documents, narrowed by a
    language filter)."""
    translator = _Translator(query, languages)
    return translator.visit(parse_query(query)), translator.text_targets


def to_elasticsearch(query: str, languages: frozenset[str] | set[str]) -> Query:
    return translate(query, languages)[0]
