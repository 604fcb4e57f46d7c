"""The Kubernetes manifests (deploy/k8s) hang together: topics as topology.py declares them, every
workload probed with our health commands and given resources and a disruption budget, every Secret
and ConfigMap a pod or scaler names exists, settings names exist. No cluster runs here, so this is
what checks them; kubernetes-validate adds the Kubernetes schemas where it is installed, and the
custom resources are validated against the operators' CRD schemas vendored in tests/data/crds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mediamon.settings import Settings
from mediamon.topology import TOPICS
from processors.app import ALL, STAGES, stage_settings
from tests.unit import crd_schemas

BASE = Path(__file__).resolve().parents[2] / "deploy" / "k8s" / "base"
KUSTOMIZATION = yaml.safe_load((BASE / "kustomization.yaml").read_text())
DOCS = [doc for name in KUSTOMIZATION["resources"] for doc in yaml.safe_load_all((BASE / name).read_text()) if doc]
# The Kubernetes release the built-in kinds are validated against (kubernetes-validate's schemas).
KUBERNETES_VERSION = "1.31.0"
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "Job", "CronJob"}
# Each stage's input topic: what its KEDA trigger must measure lag on.
STAGE_INPUT = {"enrich": "articles.raw", "index": "articles.enriched", "alerts": "articles.enriched"}


def _of(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in DOCS if doc["kind"] == kind]


def _named(kind: str, name: str) -> dict[str, Any]:
    [doc] = [doc for doc in _of(kind) if doc["metadata"]["name"] == name]
    return doc


CONFIG = _named("ConfigMap", "mediamon-config")["data"]


def _pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def _workloads() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for doc in DOCS:
        if doc["kind"] in WORKLOAD_KINDS:
            for container in _pod_spec(doc)["containers"]:
                yield doc, container


def test_every_listed_file_exists_and_every_manifest_is_listed() -> None:
    on_disk = {path.name for path in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(KUSTOMIZATION["resources"]) == on_disk
    names = [(doc["kind"], doc["metadata"]["name"]) for doc in DOCS]
    assert len(names) == len(set(names)), "two resources of one kind share a name"
    assert all(doc.get("apiVersion") for doc in DOCS)


def test_topics_match_the_topology_partitions_and_retention() -> None:
    topics = {doc["spec"]["topicName"]: doc for doc in _of("KafkaTopic")}
    assert set(topics) == {spec.name for spec in TOPICS}
    budget = int(CONFIG["MEDIAMON_KAFKA_RETENTION_MB_PER_PARTITION"]) * 1_000_000
    [kafka] = _of("Kafka")
    brokers = sum(pool["spec"]["replicas"] for pool in _of("KafkaNodePool") if "broker" in pool["spec"]["roles"])
    for spec in TOPICS:
        topic = topics[spec.name]
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert topic["spec"]["partitions"] == int(CONFIG["MEDIAMON_TOPIC_PARTITIONS"])
        assert topic["spec"]["replicas"] <= brokers
        assert {key: str(value) for key, value in topic["spec"]["config"].items()} == spec.configs(budget), spec.name


def test_kafka_runs_in_kraft_mode_with_node_pools() -> None:
    [kafka] = _of("Kafka")
    assert "zookeeper" not in kafka["spec"]
    roles = {role for pool in _of("KafkaNodePool") for role in pool["spec"]["roles"]}
    assert roles == {"controller", "broker"}
    assert kafka["spec"]["kafka"]["config"]["auto.create.topics.enable"] is False


def test_every_container_has_resources_and_every_long_running_one_our_probes() -> None:
    for workload, container in _workloads():
        name = f"{workload['kind']}/{workload['metadata']['name']}"
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][bound]), name
        if workload["kind"] not in ("Deployment", "StatefulSet"):
            continue
        assert "livenessProbe" in container and "readinessProbe" in container, name
        args = container["args"]
        if args[0] in ("worker", "poll"):
            wanted = ["mediamon", "health", "worker", "--stage", args[2]] if args[0] == "worker" else \
                ["mediamon", "health", "poller"]
            for probe in ("livenessProbe", "readinessProbe"):
                assert container[probe]["exec"]["command"] == wanted, name
        else:
            assert container["livenessProbe"]["httpGet"]["path"] == "/health", name


def test_one_deployment_per_worker_stage_scaled_on_its_group_lag() -> None:
    stages = {c["args"][2]: w for w, c in _workloads() if c["args"][0] == "worker"}
    assert set(stages) == set(STAGES) - {ALL} and all(w["kind"] == "Deployment" for w in stages.values())
    scaled = {doc["spec"]["scaleTargetRef"]["name"]: doc for doc in _of("ScaledObject")}
    for stage, deployment in stages.items():
        scaler = scaled[deployment["metadata"]["name"]]
        assert scaler["spec"]["maxReplicaCount"] <= int(CONFIG["MEDIAMON_TOPIC_PARTITIONS"])
        [trigger] = scaler["spec"]["triggers"]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == stage_settings(Settings(), stage).app_id
        assert trigger["metadata"]["topic"] == STAGE_INPUT[stage]
        assert trigger["metadata"]["bootstrapServers"] == CONFIG["MEDIAMON_KAFKA_BOOTSTRAP"]
        assert _named("TriggerAuthentication", trigger["authenticationRef"]["name"])


def test_poller_replicas_are_the_shard_count() -> None:
    poller = _named("StatefulSet", "mediamon-poller")
    assert poller["spec"]["replicas"] == int(CONFIG["MEDIAMON_POLLER_REPLICAS"])
    [container] = _pod_spec(poller)["containers"]
    shard = next(item for item in container["env"] if item["name"] == "MEDIAMON_POLLER_SHARD")
    assert "pod-index" in shard["valueFrom"]["fieldRef"]["fieldPath"]


def test_every_workload_has_a_disruption_budget_and_services_select_pods() -> None:
    budgets = [doc["spec"]["selector"]["matchLabels"] for doc in _of("PodDisruptionBudget")]
    for workload in _of("Deployment") + _of("StatefulSet"):
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert workload["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert any(budget.items() <= labels.items() for budget in budgets), workload["metadata"]["name"]
    pod_labels = [w["spec"]["template"]["metadata"]["labels"] for w in _of("Deployment") + _of("StatefulSet")]
    for service in _of("Service"):
        assert any(service["spec"]["selector"].items() <= labels.items() for labels in pod_labels)


def _secrets_made_by_operators() -> dict[str, set[str]]:
    """Secrets Strimzi and ECK create from the resources here, with the keys our pods read."""
    made: dict[str, set[str]] = {}
    for user in _of("KafkaUser"):
        made[user["metadata"]["name"]] = {"password", "sasl.jaas.config"}
    for kafka in _of("Kafka"):
        made[f"{kafka['metadata']['name']}-cluster-ca-cert"] = {"ca.crt"}
    for cluster in _of("Elasticsearch"):
        made[f"{cluster['metadata']['name']}-es-elastic-user"] = {"elastic"}
        made[f"{cluster['metadata']['name']}-es-http-certs-public"] = {"ca.crt", "tls.crt"}
    return made


def _secrets_available() -> dict[str, set[str]]:
    example = (BASE / "mediamon-secrets.env.example").read_text().splitlines()
    generated = {line.split("=", 1)[0] for line in example if "=" in line}
    assert [gen["name"] for gen in KUSTOMIZATION["secretGenerator"]] == ["mediamon-secrets"]
    return {**_secrets_made_by_operators(), "mediamon-secrets": generated}


def _secret_references() -> Iterator[tuple[str, str | None]]:
    for workload, container in _workloads():
        for item in container.get("env", []):
            ref = item.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                yield ref["name"], ref["key"]
        for volume in _pod_spec(workload).get("volumes", []):
            if "secret" in volume:
                for item in volume["secret"].get("items", [{"key": None}]):
                    yield volume["secret"]["secretName"], item["key"]
    for auth in _of("TriggerAuthentication"):
        for ref in auth["spec"]["secretTargetRef"]:
            yield ref["name"], ref["key"]


def test_every_secret_a_pod_or_scaler_reads_exists_with_that_key() -> None:
    available = _secrets_available()
    references = list(_secret_references())
    assert references
    for name, key in references:
        assert name in available, f"nothing creates Secret {name}"
        assert key is None or key in available[name], f"Secret {name} has no key {key}"


def test_config_and_env_names_are_settings_and_configmaps_exist() -> None:
    fields = {f"MEDIAMON_{name.upper()}" for name in Settings.model_fields}
    assert set(CONFIG) <= fields, set(CONFIG) - fields
    for _, container in _workloads():
        for source in container.get("envFrom", []):
            assert _named("ConfigMap", source["configMapRef"]["name"])
        for item in container.get("env", []):
            assert item["name"] in fields, item["name"]


def test_the_settings_in_the_configmap_are_valid() -> None:
    settings = Settings(**{key.removeprefix("MEDIAMON_").lower(): value for key, value in CONFIG.items()})
    assert settings.search_backend == "elasticsearch" and not settings.wants_local_stack


# Built-in API groups have no dot in their name (v1, apps/v1, batch/v1, policy/v1); operators' do.
@pytest.mark.parametrize("doc", [doc for doc in DOCS if "." not in doc["apiVersion"].split("/")[0]],
                         ids=lambda doc: f"{doc['kind']}/{doc['metadata']['name']}")
def test_builtin_kinds_match_the_kubernetes_schema(doc: dict[str, Any]) -> None:
    validate = pytest.importorskip("kubernetes_validate", reason="kubernetes-validate not installed")
    validate.validate(doc, KUBERNETES_VERSION, strict=True)



@pytest.mark.parametrize("doc", [doc for doc in DOCS if "." in doc["apiVersion"].split("/")[0]],
                         ids=lambda doc: f"{doc['kind']}/{doc['metadata']['name']}")
def test_custom_resources_match_their_operators_crd_schema(doc: dict[str, Any]) -> None:
    kind = (doc["apiVersion"], doc["kind"])
    assert kind in crd_schemas.SCHEMA_FILES, f"no CRD schema vendored for {kind}: add it to tests/data/crds"
    assert crd_schemas.errors(doc) == []


def test_the_crd_check_refuses_what_the_api_server_would_prune_or_reject() -> None:
    [topic, *_] = _of("KafkaTopic")
    misspelt = {**topic, "spec": {**topic["spec"], "partition": 3}}
    assert crd_schemas.errors(misspelt) == ["spec: Additional properties are not allowed ('partition' was unexpected)"]
    wrong_type = {**topic, "spec": {**topic["spec"], "partitions": "twelve"}}
    assert crd_schemas.errors(wrong_type) == ["spec/partitions: 'twelve' is not of type 'integer'"]
    [kafka] = _of("Kafka")
    # spec.kafka.config preserves unknown fields: any Kafka broker setting is accepted.
    tuned = {**kafka, "spec": {**kafka["spec"], "kafka": {**kafka["spec"]["kafka"], "config": {"num.io.threads": 16}}}}
    assert crd_schemas.errors(tuned) == []
    [cluster] = _of("Elasticsearch")
    one_node_set = {**cluster, "spec": {**cluster["spec"], "nodeSet": cluster["spec"]["nodeSets"][0]}}
    assert crd_schemas.errors(one_node_set) == ["spec: Additional properties are not allowed ('nodeSet' was unexpected)"]
