"""The Prometheus alert rules and the Grafana dashboard only use metrics our processes export."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
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


_SELECTOR = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}")
_MATCHER = re.compile(r'(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"')
_SERIES_SUFFIXES = ("_total", "_bucket", "_count", "_sum")
# Labels Prometheus adds to every scraped series, and the histogram bucket bound.
_SCRAPE_LABELS = {"job", "instance", "le"}


def _declared() -> dict[str, tuple[str, ...]]:
    """Our metric families (without series suffixes) and their label names, from mediamon/metrics.py."""
    from prometheus_client.metrics import MetricWrapperBase

    return {metric._name: tuple(metric._labelnames) for metric in vars(metrics).values()
            if isinstance(metric, MetricWrapperBase)}


def _label_problems(expr: str) -> list[str]:
    """Selectors whose labels the metric does not have, or whose values our code never sets."""
    declared, problems = _declared(), []
    for series, matchers in _SELECTOR.findall(expr):
        family = next((series.removesuffix(s) for s in _SERIES_SUFFIXES if series.removesuffix(s) in declared), series)
        if family not in declared:
            continue  # prometheus_client's own process metrics
        for label, operator, value in _MATCHER.findall(matchers):
            if label not in declared[family] and label not in _SCRAPE_LABELS:
                problems.append(f"{series} has no label {label}")
                continue
            known = metrics.LABEL_VALUES.get(family, {}).get(label)
            wanted = value.split("|") if operator in ("=~", "!~") else [value]
            if known is not None and set(wanted) - set(known):
                problems.append(f"{series}{{{label}}} is never {sorted(set(wanted) - set(known))}")
    return problems


def _expressions() -> list[tuple[str, str]]:
    import json

    rules = [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return ([(rule["alert"], rule["expr"]) for rule in rules]
            + [(panel["title"], target["expr"]) for panel in panels for target in panel["targets"]])


def test_rules_and_panels_select_only_labels_and_values_we_emit() -> None:
    for name, expr in _expressions():
        assert not _label_problems(expr), f"{name}: {_label_problems(expr)}"


@pytest.mark.parametrize("expr", [
    'rate(mediamon_pipeline_latency_seconds_bucket{step="searchable"}[5m])',
    'rate(mediamon_es_bulk_rejected_documents_total{reason="retried"}[5m])',
    'rate(mediamon_feeds_polled_total{outcome=~"ok|error"}[5m])',
])
def test_the_label_check_catches_a_wrong_label_or_value(expr: str) -> None:
    assert _label_problems(expr)


def test_the_dashboard_shows_every_latency_step_and_elasticsearch_bulk_health() -> None:
    exprs = " ".join(expr for _, expr in _expressions())
    for step in metrics.LATENCY_STEPS[1:]:
        assert f'step="{step}"' in exprs
    assert "mediamon_es_bulk_duration_seconds_bucket" in exprs and "mediamon_es_bulk_rejected_documents_total" in exprs


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


@pytest.fixture
def promtool() -> str:
    found = shutil.which("promtool") or shutil.which("promtool", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("promtool not installed (`make promtool` unpacks it from Debian's `prometheus`); structural checks above still ran")
    return found


def test_promtool_accepts_the_rules(promtool: str) -> None:
    result = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_rejects_a_rule_with_broken_promql(promtool: str, tmp_path: Path) -> None:
    rules = yaml.safe_load(RULES.read_text())
    rules["groups"][0]["rules"][0]["expr"] = "rate(mediamon_stage_record_total[5m]"
    broken = tmp_path / "rules.yml"
    broken.write_text(yaml.safe_dump(rules))
    result = subprocess.run([promtool, "check", "rules", str(broken)], capture_output=True, text=True)
    assert result.returncode != 0


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
