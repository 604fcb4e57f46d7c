"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mediamon.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_every_service_has_image_or_build_healthcheck_and_restart_policy(compose: dict) -> None:
    for name, service in compose["services"].items():
        assert "image" in service or "build" in service, name
        assert "healthcheck" in service, name
        assert "restart" in service, name


def test_dependencies_wait_for_health_or_completion(compose: dict) -> None:
    services = compose["services"]
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            assert condition["condition"] in {"service_healthy", "service_completed_successfully"}, name


WORKERS = ("worker-enrich", "worker-index", "worker-alerts")


def test_pipeline_services_wait_for_setup(compose: dict) -> None:
    for name in ("poller", *WORKERS, "api"):
        assert compose["services"][name]["depends_on"]["setup"]["condition"] == "service_completed_successfully"


def test_environment_passed_to_mediamon_matches_settings_names(compose: dict) -> None:
    known = {f"MEDIAMON_{name.upper()}" for name in Settings.model_fields}
    for name, service in compose["services"].items():
        for variable in service.get("environment", {}):
            if variable.startswith("MEDIAMON_"):
                assert variable in known, f"{name} passes {variable}, which Settings does not read"


def test_each_worker_stage_is_a_service_that_scales_no_fixed_name_or_published_port(compose: dict) -> None:
    from processors.app import ALL, STAGES

    for name in WORKERS:
        worker = compose["services"][name]
        assert worker["command"] == ["worker", "--stage", name.removeprefix("worker-")]
        assert "container_name" not in worker and "ports" not in worker
        assert worker["healthcheck"]["test"] == ["CMD", "mediamon", "health", "worker"]
    started = sorted(service["command"][-1] for service in compose["services"].values()
                     if service.get("command", [None])[0] == "worker")
    assert started == sorted(set(STAGES) - {ALL}), "every stage runs in exactly one service"


def test_kafka_is_kraft_and_not_published(compose: dict) -> None:
    kafka = compose["services"]["kafka"]
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert "ports" not in kafka


def test_published_ports_bind_loopback_only(compose: dict) -> None:
    for name, service in compose["services"].items():
        for mapping in service.get("ports", []):
            assert re.match(r"^127\.0\.0\.1:", str(mapping)), f"{name} publishes {mapping} beyond loopback"


def test_elasticsearch_security_on_with_password_from_env(compose: dict) -> None:
    environment = compose["services"]["elasticsearch"]["environment"]
    assert environment["xpack.security.enabled"] == "true"
    assert environment["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD")


def test_production_poller_uses_a_feed_list_that_refuses_private_networks(compose: dict) -> None:
    from ingest.feeds import load_feeds

    path = compose["services"]["poller"]["environment"]["MEDIAMON_FEEDS_FILE"]
    assert path == "/app/deploy/feeds.yaml"
    feeds = load_feeds(REPO / "deploy" / "feeds.yaml", Settings())
    assert feeds.feeds and not feeds.allow_private_networks


def test_production_searches_and_indexes_elasticsearch_where_kibana_reads(compose: dict) -> None:
    mediamon_services = [s for s in compose["services"].values() if "MEDIAMON_ES_URL" in s.get("environment", {})]
    assert mediamon_services
    assert all(s["environment"]["MEDIAMON_SEARCH_BACKEND"] == "elasticsearch" for s in mediamon_services)


def _es_user(service: dict) -> str | None:
    return service.get("environment", {}).get("MEDIAMON_ES_USERNAME")


def test_each_service_uses_its_own_least_privilege_elasticsearch_user(compose: dict) -> None:
    services = compose["services"]
    users = {name: _es_user(service) for name, service in services.items() if _es_user(service)}
    assert [name for name, user in users.items() if user == "elastic"] == ["setup"]
    assert users["worker-index"] == "mediamon_writer" and users["api"] == "mediamon_reader"
    assert services["kibana"]["environment"]["ELASTICSEARCH_USERNAME"] == "kibana_system"


def test_setup_creates_the_users_whose_passwords_make_generates() -> None:
    from mediamon.elastic.security import ROLES

    makefile = (REPO / "Makefile").read_text()
    for role in ROLES:
        name = role.removeprefix("mediamon_").upper()
        assert f"ES_{name}" in makefile, role
        assert f"MEDIAMON_ES_{name}_PASSWORD" in (REPO / "docker-compose.yml").read_text(), role
    assert ROLES["mediamon_writer"]["indices"][0]["names"] == ["articles-*"]
    assert "write" not in ROLES["mediamon_reader"]["indices"][0]["privileges"]


def test_kafka_security_is_switched_by_settings() -> None:
    from mediamon.kafka_security import faust_credentials, kafka_client_options

    assert kafka_client_options(Settings()) == {} and faust_credentials(Settings()) is None
    sasl = Settings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="mediamon", kafka_sasl_password="pw")
    options = kafka_client_options(sasl)
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_plain_password"] == "pw"
    assert options["ssl_context"].verify_mode.name == "CERT_REQUIRED"
    assert faust_credentials(sasl).mechanism.value == "SCRAM-SHA-512"
    assert "pw" not in repr(sasl)
