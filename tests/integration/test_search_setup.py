"""`mediamon es setup` is idempotent, upgrades a changed template, and articles land in monthly indices."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timezone

from mediamon.elastic import load_templates, setup, sync_client
from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.articles import article, index_articles, prepared


def test_setup_installs_once_then_reports_nothing_to_do(stack_settings: Settings) -> None:
    first = run_mediamon(stack_settings, "es", "setup")
    assert first.returncode == 0, first.stderr
    month = datetime.now(timezone.utc).strftime("%Y.%m")
    assert "installed template" in first.stdout and f"articles-{month}" in first.stdout
    second = run_mediamon(stack_settings, "es", "setup")
    assert second.returncode == 0 and second.stdout.strip() == "already up to date"
    es = sync_client(stack_settings)
    assert list(es.indices.get_alias(name=stack_settings.index_name("articles"))) == [
        stack_settings.index_name(f"articles-{month}")]


def test_a_changed_template_version_is_applied_on_the_next_setup(stack_settings: Settings) -> None:
    es = prepared(stack_settings)
    current = load_templates(stack_settings)
    components = copy.deepcopy(current.components)
    mappings = components[stack_settings.index_name("articles-mappings")]
    mappings["version"] += 1
    mappings["template"]["mappings"]["properties"]["sentiment"] = {"type": "float"}
    template = {**copy.deepcopy(current.index_template), "version": current.version + 1}
    upgraded = dataclasses.replace(current, components=components, index_template=template)

    actions = setup(es, upgraded)

    assert f"version {current.version + 1} (was {current.version})" in actions[0]
    assert any("updated the mappings of 1 existing indices" in action for action in actions)
    existing = es.indices.get_mapping(index=current.alias)
    assert all("sentiment" in m["mappings"]["properties"] for m in existing.values())
    assert setup(es, upgraded) == []


def test_articles_are_routed_to_the_index_of_their_publication_month(stack_settings: Settings) -> None:
    es = prepared(stack_settings)
    index_articles(stack_settings, [
        article("oct", "Октябрьская новость", "текст", "ru", datetime(2024, 10, 31, 23, 0, tzinfo=timezone.utc)),
        article("nov", "Ноябрьская новость", "текст", "ru", datetime(2024, 11, 1, 1, 0, tzinfo=timezone.utc)),
    ])
    where = {hit["_id"]: hit["_index"] for hit in
             es.search(index=stack_settings.index_name("articles"), query={"match_all": {}})["hits"]["hits"]}
    assert where == {"oct": stack_settings.index_name("articles-2024.10"),
                     "nov": stack_settings.index_name("articles-2024.11")}
    mapping = es.indices.get_mapping(index=stack_settings.index_name("articles-2024.10"))
    assert next(iter(mapping.values()))["mappings"]["dynamic"] in (False, "false"), "auto-created from the template"
