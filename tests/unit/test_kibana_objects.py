"""The Kibana saved objects import cleanly: they parse, reference each other correctly, and every
field they show or aggregate exists in the index template with a type Kibana can aggregate."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from mediamon.elastic import load_templates
from mediamon.elastic.kibana import load_saved_objects, objects_for
from mediamon.settings import Settings

AGGREGATABLE = {"keyword", "date", "long", "integer", "short", "byte", "double", "float", "half_float",
                "scaled_float", "boolean", "ip"}
SETTINGS = Settings()
OBJECTS = load_saved_objects(SETTINGS.deploy_dir / "kibana" / "saved_objects.ndjson")
BY_ID = {(obj["type"], obj["id"]): obj for obj in OBJECTS}


def _field(name: str) -> tuple[str | None, bool]:
    """(type, under a nested object) of a dotted field in the template mappings; type None if missing."""
    properties = load_templates(SETTINGS).mappings["properties"]
    nested = False
    parts = name.split(".")
    for depth, part in enumerate(parts):
        spec = properties.get(part)
        if spec is None:
            return None, nested
        if depth == len(parts) - 1:
            return spec.get("type", "object"), nested
        nested = nested or spec.get("type") == "nested"
        properties = spec.get("properties", {})
    return None, nested


def _search_source(obj: dict[str, Any]) -> dict[str, Any]:
    return json.loads(obj["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])


def _aggs(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """A visualization's aggregations, with the ones terms buckets are ordered by (orderAgg)."""
    aggs = json.loads(obj["attributes"]["visState"])["aggs"]
    return aggs + [agg["params"]["orderAgg"] for agg in aggs if "orderAgg" in agg.get("params", {})]


def _agg_fields(obj: dict[str, Any]) -> list[str]:
    return [agg["params"]["field"] for agg in _aggs(obj) if "field" in agg.get("params", {})]


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects a dashboard shows, in panel order."""
    refs = {ref["name"]: ref for ref in dashboard["references"]}
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    return [BY_ID[(refs[panel["panelRefName"]]["type"], refs[panel["panelRefName"]]["id"])] for panel in panels]


def test_every_object_has_a_stable_unique_id_and_a_title() -> None:
    assert len(BY_ID) == len(OBJECTS)
    for obj in OBJECTS:
        assert obj["id"].startswith("mediamon-"), "stable, readable ids keep overwrite-on-import idempotent"
        assert obj["attributes"]["title"]


def test_references_resolve_inside_the_file() -> None:
    for obj in OBJECTS:
        names = {ref["name"] for ref in obj.get("references", [])}
        for ref in obj.get("references", []):
            assert (ref["type"], ref["id"]) in BY_ID, f"{obj['id']} references missing {ref}"
        if "kibanaSavedObjectMeta" in obj["attributes"] and obj["type"] != "dashboard":
            assert _search_source(obj)["indexRefName"] in names, obj["id"]
        if obj["type"] == "dashboard":
            panels = json.loads(obj["attributes"]["panelsJSON"])
            assert panels and {panel["panelRefName"] for panel in panels} <= names
            assert [panel["type"] for panel in panels] == [shown["type"] for shown in _panels(obj)], obj["id"]


def test_data_view_is_the_alias_with_published_as_time_field() -> None:
    data_view = BY_ID[("index-pattern", "mediamon-articles")]["attributes"]
    assert data_view["title"] == "articles" and data_view["timeFieldName"] == "published"
    assert _field("published")[0] == "date"


def test_the_promised_searches_and_dashboard_exist() -> None:
    titles = {obj["attributes"]["title"]: obj for obj in OBJECTS}
    assert "entities:CSTO" in _search_source(titles["CSTO mentions"])["query"]["query"]
    smo = _search_source(titles["SMO mentions — Kremlin framing vs war framing"])["query"]["query"]
    assert "SMO" in smo and "kremlin" in smo and "war" in smo
    dashboard = titles["Media monitoring"]
    used = {tuple(_agg_fields(BY_ID[(ref["type"], ref["id"])])) for ref in dashboard["references"]
            if ref["type"] == "visualization"}
    grouped_by = {fields[-1] for fields in used}
    assert {"entities", "lang", "source", "framings", "topic_labels"} <= grouped_by
    table = [BY_ID[(ref["type"], ref["id"])] for ref in dashboard["references"] if ref["type"] == "search"]
    assert table and {"title", "source", "lang", "url"} <= set(table[0]["attributes"]["columns"])


def test_the_stories_view_shows_who_picked_up_each_story_when_and_how_far_it_spread() -> None:
    titles = {obj["attributes"]["title"]: obj for obj in OBJECTS}
    timeline = titles["Story timeline"]["attributes"]
    assert {"story_id", "published", "source", "lang", "title", "cited", "story_origin_id"} <= set(timeline["columns"])
    assert timeline["sort"] == [["story_id", "asc"], ["published", "asc"]]
    largest = _aggs(titles["Largest stories"])
    [by_size] = [agg["params"] for agg in largest if agg["type"] == "terms"]
    assert by_size["field"] == "story_id" and by_size["orderBy"] == "1"  # by article count
    assert {agg["params"]["field"] for agg in largest if agg["type"] == "cardinality"} & {"lang", "story_languages"}
    spreading = _aggs(titles["Stories spreading across languages"])
    by_story = next(agg for agg in spreading if agg["type"] == "terms" and agg["params"]["field"] == "story_id")
    assert by_story["params"]["orderAgg"]["params"]["field"] == "lang"  # most languages first
    assert {"story_id", "lang"} <= {agg["params"]["field"] for agg in spreading if agg["type"] == "terms"}
    shown = {obj["attributes"]["title"] for obj in _panels(titles["Stories"])}
    assert shown == {"Story timeline", "Largest stories", "Stories spreading across languages"}


@pytest.mark.parametrize("obj", [o for o in OBJECTS if o["type"] == "visualization"], ids=lambda o: o["id"])
def test_visualized_fields_exist_and_are_aggregatable(obj: dict[str, Any]) -> None:
    for name in _agg_fields(obj):
        kind, nested = _field(name)
        assert kind in AGGREGATABLE, f"{obj['id']}: {name} is {kind}, Kibana cannot aggregate it"
        assert not nested, f"{obj['id']}: {name} is inside a nested field, which Kibana cannot aggregate"


@pytest.mark.parametrize("obj", [o for o in OBJECTS if "kibanaSavedObjectMeta" in o["attributes"]],
                         ids=lambda o: o["id"])
def test_fields_in_queries_columns_and_sorts_exist(obj: dict[str, Any]) -> None:
    query = _search_source(obj)["query"]["query"]
    fields = set(re.findall(r"([\w.]+)\s*:", query))
    fields |= set(obj["attributes"].get("columns", []))
    fields |= {sort[0] for sort in obj["attributes"].get("sort", [])}
    for name in fields:
        assert _field(name)[0] is not None, f"{obj['id']}: unknown field {name}"


def test_import_points_the_data_view_at_this_installations_alias() -> None:
    objects = objects_for(Settings(index_prefix="tenant1-"))
    data_view = next(obj for obj in objects if obj["type"] == "index-pattern")
    assert data_view["attributes"]["title"] == "tenant1-articles"
