"""`mediamon es setup`: install the templates and the first monthly index; safe to run any time.

Monthly indices are created by Elasticsearch itself when the indexer first writes to
`articles-YYYY.MM`: the composable template matching `articles-*` gives them their mappings and
the `articles` alias at birth, so processors never create indices. Setup creates the current
month's index so the alias (and the Kibana data view on it) works before the first article.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from elasticsearch import ApiError, AuthorizationException, BadRequestError, Elasticsearch, NotFoundError

from mediamon.elastic.templates import ArticleTemplates
from mediamon.errors import ConfigError

log = logging.getLogger(__name__)


def _body(document: dict[str, Any]) -> dict[str, Any]:
    """The python client spells `_meta` as `meta`."""
    return {("meta" if key == "_meta" else key): value for key, value in document.items()}


def installed_versions(es: Elasticsearch, templates: ArticleTemplates) -> dict[str, int | None]:
    """Version of each installed template (None when missing), keyed like `wanted_versions`."""
    found: dict[str, int | None] = {}
    for name in templates.components:
        try:
            items = es.cluster.get_component_template(name=name)["component_templates"]
            found[name] = items[0]["component_template"].get("version") if items else None
        except NotFoundError:
            found[name] = None
    try:
        items = es.indices.get_index_template(name=templates.index_template_name)["index_templates"]
        found[templates.index_template_name] = items[0]["index_template"].get("version") if items else None
    except NotFoundError:
        found[templates.index_template_name] = None
    return found


def wanted_versions(templates: ArticleTemplates) -> dict[str, int | None]:
    wanted = {name: body.get("version") for name, body in templates.components.items()}
    wanted[templates.index_template_name] = templates.index_template.get("version")
    return wanted


def _install(es: Elasticsearch, templates: ArticleTemplates) -> None:
    for name, body in templates.components.items():
        es.cluster.put_component_template(name=name, **_body(body))
    es.indices.put_index_template(name=templates.index_template_name, **_body(templates.index_template))


def _update_existing(es: Elasticsearch, templates: ArticleTemplates) -> list[str]:
    """A template only shapes new indices; additive mapping changes also reach the existing months."""
    pattern = templates.index_template["index_patterns"][0]
    existing = sorted(es.indices.get(index=pattern, allow_no_indices=True))
    if not existing:
        return []
    try:
        es.indices.put_mapping(index=",".join(existing), **_body(templates.mappings))
    except BadRequestError as exc:
        raise ConfigError(f"the new mappings conflict with existing indices {existing}: {exc.message}; "
                          "a changed analyzer or field type needs a reindex into new indices") from exc
    return existing


def _ensure_index(es: Elasticsearch, index: str) -> bool:
    if es.indices.exists(index=index):
        return False
    try:
        es.indices.create(index=index)
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":  # the indexer raced us: fine
            raise
        return False
    return True


def setup(es: Elasticsearch, templates: ArticleTemplates, now: datetime | None = None) -> list[str]:
    """Install or upgrade the templates, create this month's index; returns what it changed."""
    actions: list[str] = []
    wanted = wanted_versions(templates)
    try:
        installed = installed_versions(es, templates)
        if installed != wanted:
            _install(es, templates)
            was = installed[templates.index_template_name]
            actions.append(f"installed template {templates.index_template_name} version {templates.version}"
                           f" (was {'none' if was is None else was})")
            if was is not None:
                updated = _update_existing(es, templates)
                if updated:
                    actions.append(f"updated the mappings of {len(updated)} existing indices")
        index = templates.monthly_index(now or datetime.now(timezone.utc))
        if _ensure_index(es, index):
            actions.append(f"created index {index} behind alias {templates.alias}")
    except ApiError as exc:
        raise ConfigError(f"Elasticsearch refused the setup: {exc}") from exc
    for action in actions:
        log.info("es setup: %s", action)
    return actions


def ready_for_writing(es: Elasticsearch, templates: ArticleTemplates) -> str | None:
    """None when documents written now land in our mappings behind the alias, else why not.

    A user who may install templates gets them installed (the same idempotent `setup`); a least-
    privilege writer cannot, and then the alias must already exist (`mediamon setup` made it), because
    a document written before the template would create an index with dynamic mappings that no
    search finds."""
    try:
        setup(es, templates)
        return None
    except ConfigError as exc:
        if not isinstance(exc.__cause__, AuthorizationException):
            return str(exc)
    try:
        if es.indices.exists_alias(name=templates.alias):
            return None
    except AuthorizationException:
        pass
    return (f"the index template and alias {templates.alias!r} are missing and this user may not create them: "
            "run `mediamon setup` (or `mediamon es setup`) with an administrator's credentials")
