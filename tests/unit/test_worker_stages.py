"""`mediamon worker --stage`: each stage is its own consumer group reading only its own topics."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mediamon.settings import Settings
from processors.app import create_app, stage_settings


def _source_topics(app) -> set[str]:
    return {topic for agent in app.agents.values() for topic in agent.channel.topics}


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(app_id="mm", topic_prefix="p.", data_dir=tmp_path, worker_instance_id="slot-1")


def test_the_indexer_and_enrichment_are_different_groups_on_different_topics(settings: Settings) -> None:
    index, alerts = create_app(settings, "index"), create_app(settings, "alerts")
    assert index.conf.id == "mm-index" and alerts.conf.id == "mm-alerts"
    assert _source_topics(index) == {"p.articles.enriched"}, "no backlog on articles.raw can reach this group"
    assert "p.articles.raw" not in _source_topics(alerts)


def test_all_keeps_one_group_for_every_stage(settings: Settings) -> None:
    app = create_app(settings, "all")
    assert app.conf.id == "mm"
    assert {"p.articles.raw", "p.articles.enriched", "p.alerts.out"} <= _source_topics(app)


def test_static_member_ids_stay_unique_per_stage_of_a_slot(settings: Settings) -> None:
    ids = {stage_settings(settings, stage).worker_instance_id for stage in ("enrich", "index", "alerts")}
    assert ids == {"slot-1-enrich", "slot-1-index", "slot-1-alerts"}
    assert stage_settings(settings.model_copy(update={"worker_instance_id": None}), "index").worker_instance_id is None
    assert stage_settings(settings, "all") == settings


def test_an_unknown_stage_is_refused_by_the_command() -> None:
    from apps.cli import cli

    result = CliRunner().invoke(cli, ["worker", "--stage", "enrichment"])
    assert result.exit_code == 2 and "enrichment" in result.output
