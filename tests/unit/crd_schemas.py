"""The operators' CRD schemas vendored in tests/data/crds (sources in SOURCES.md), read so that a
validator judges a custom resource as the Kubernetes API server would."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

CRDS = Path(__file__).resolve().parents[1] / "data" / "crds"
# (apiVersion, kind) of each custom resource deploy/k8s may use -> its vendored openAPIV3Schema.
SCHEMA_FILES = {
    ("kafka.strimzi.io/v1", "Kafka"): "strimzi-kafka-v1.json",
    ("kafka.strimzi.io/v1", "KafkaNodePool"): "strimzi-kafkanodepool-v1.json",
    ("kafka.strimzi.io/v1", "KafkaTopic"): "strimzi-kafkatopic-v1.json",
    ("kafka.strimzi.io/v1", "KafkaUser"): "strimzi-kafkauser-v1.json",
    ("keda.sh/v1alpha1", "ScaledObject"): "keda-scaledobject-v1alpha1.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "keda-triggerauthentication-v1alpha1.json",
    ("elasticsearch.k8s.elastic.co/v1", "Elasticsearch"): "eck-elasticsearch-v1.json",
    ("kibana.k8s.elastic.co/v1", "Kibana"): "eck-kibana-v1.json",
}


def structural(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with Kubernetes' structural-schema rules spelled out for a JSON Schema validator.

    The API server prunes (or, with strict field validation, rejects) every field a structural
    schema does not declare, unless the object says `x-kubernetes-preserve-unknown-fields`. A
    misspelt field in a custom resource is therefore silently dropped on a cluster; plain JSON
    Schema would accept it. So objects that declare properties get `additionalProperties: false`
    unless they preserve unknown fields. `nullable` and `x-kubernetes-int-or-string` are
    Kubernetes' own keywords, translated to the types they allow."""
    result = {key: _structural_children(key, value) for key, value in schema.items()}
    if result.get("nullable") and "type" in result:
        result["type"] = [result["type"], "null"]
    if result.get("x-kubernetes-int-or-string"):
        result["type"] = ["integer", "string"]
    if "properties" in result and not result.get("x-kubernetes-preserve-unknown-fields"):
        result.setdefault("additionalProperties", False)
    return result


def _structural_children(keyword: str, value: Any) -> Any:
    if keyword == "properties":
        return {name: structural(child) for name, child in value.items()}
    if keyword in ("items", "additionalProperties") and isinstance(value, dict):
        return structural(value)
    return value  # allOf/anyOf/oneOf/not only restrict values the structure above already declares


@cache
def validator(api_version: str, kind: str) -> Draft4Validator:
    """The validator of one custom resource type; KeyError for a type without a vendored schema."""
    schema = json.loads((CRDS / SCHEMA_FILES[(api_version, kind)]).read_text())
    return Draft4Validator(structural(schema))


def errors(resource: dict[str, Any]) -> list[str]:
    """What the API server would refuse or prune in this resource, one line per problem."""
    found = validator(resource["apiVersion"], resource["kind"]).iter_errors(resource)
    return sorted(f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}" for error in found)
