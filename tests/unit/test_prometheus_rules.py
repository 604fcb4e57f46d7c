"""The Prometheus alert rules and the Grafana dashboard only use metrics our processes export."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mediamon import metrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
RULES = DEPLOY / "prometheus" / "rules.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "mediamon.json"
# Identifiers in PromQL that are functions, aggregations, keywords or our label names, not metrics.
_PROMQL_WORDS = {"sum", "by", "rate", "deriv", "increase", "and", "or", "unless", "without", "topic", "stage",
                 "outcome", "channel", "partition", "step", "le", "histogram_quantile", "max", "min", "avg", "job"}


def _metric_names(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', "", expr)
    without_ranges = re.sub(r"\[[^\]]*\]", "", without_strings)
    return {word for word in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_ranges) if word not in _PROMQL_WORDS}


def test_every_rule_names_only_exported_metrics() -> None:
    rules = [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]
    assert {"MediamonConsumerLagGrowing", "MediamonDeadLetterRate", "MediamonFeedsSilent",
            "MediamonWorkerStalled"} <= {rule["alert"] for rule in rules}
    exported = metrics.exported_names()
    for rule in rules:
        assert {"expr", "for", "labels", "annotations"} <= rule.keys(), rule["alert"]
        unknown = _metric_names(rule["expr"]) - exported
        assert not unknown, f"{rule['alert']} uses metrics nothing exports: {unknown}"


def test_every_dashboard_panel_queries_exported_metrics() -> None:
    import json

    panels = json.loads(DASHBOARD.read_text())["panels"]
    titles = " ".join(panel["title"].lower() for panel in panels)
    for topic in ("published", "lag", "p95", "dead letters", "feed polls", "alert delivery failures"):
        assert topic in titles
    exported = metrics.exported_names()
    for panel in panels:
        for target in panel["targets"]:
            unknown = _metric_names(target["expr"]) - exported
            assert not unknown, f"panel {panel['title']!r} uses metrics nothing exports: {unknown}"


def test_scrape_config_covers_every_process_and_loads_the_rules() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert {job["job_name"] for job in config["scrape_configs"]} == {"mediamon-poller", "mediamon-worker", "mediamon-api"}
    assert config["rule_files"] == ["/etc/prometheus/rules.yml"]


def test_the_name_check_catches_a_typo() -> None:
    assert _metric_names('rate(mediamon_stage_record_total{stage="enrich"}[5m])') - metrics.exported_names()


def test_promtool_accepts_the_rules() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (Debian package `prometheus`); structural checks above still ran")
    result = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_mounts_the_checked_files_and_processes_serve_metrics() -> None:
    compose = yaml.safe_load((DEPLOY.parent / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("prometheus", "grafana"):
        for mount in services[name]["volumes"]:
            source = mount.split(":")[0]
            if source.startswith("./"):
                assert (DEPLOY.parent / source).exists(), f"{name} mounts missing {source}"
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    ports = {str(target.rpartition(":")[2]) for job in config["scrape_configs"]
             for group in job.get("static_configs", []) for target in group["targets"]}
    ports |= {str(sd["port"]) for job in config["scrape_configs"] for sd in job.get("dns_sd_configs", [])}
    env = services["worker-enrich"]["environment"]
    assert ports == {env["MEDIAMON_METRICS_PORT"], env["MEDIAMON_POLLER_METRICS_PORT"], env["MEDIAMON_API_METRICS_PORT"]}
