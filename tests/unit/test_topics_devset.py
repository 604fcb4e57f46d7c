"""The issue's quality bar on the team's development sets (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.scoring import load_items
from processors.evaluation.iptc import evaluate_topics
from processors.evaluation.language import evaluate_language

MIN_ITEMS_PER_LANGUAGE = 10


@pytest.fixture(scope="module")
def topic_items(shared_dir: Path) -> list[dict]:
    return load_items(shared_dir / "eval" / "topics_dev.jsonl", ("text", "topics"))


def test_topic_targets_on_the_dev_set(topic_items: list[dict]) -> None:
    report = evaluate_topics(topic_items)
    assert report.macro_f1 >= 0.80
    assert report.main_accuracy >= 0.85
    assert len([t for t in report.per_topic if t in {f"{n:02d}000000" for n in range(1, 18)}]) == 17
    weak = {lang: round(c.f1, 3) for lang, c in report.per_lang.items()
            if report.lang_items[lang] >= MIN_ITEMS_PER_LANGUAGE and c.f1 < 0.70}
    assert not weak


@pytest.mark.parametrize("name", ["topics_dev.jsonl", "mentions_dev.jsonl"])
def test_language_accuracy_on_longer_texts(shared_dir: Path, name: str) -> None:
    report = evaluate_language(load_items(shared_dir / "eval" / name, ("lang", "text")))
    assert report.long_items > 0
    assert report.long_accuracy >= 0.98


def test_eval_commands_print_the_figures(shared_dir: Path) -> None:
    runner = CliRunner()
    topics = runner.invoke(cli, ["eval", "topics", str(shared_dir / "eval" / "topics_dev.jsonl"), "--misses"])
    assert topics.exit_code == 0, topics.output
    for needle in ("main-topic accuracy", "macro-F1", "per topic:", "per language:", "confusions", "15000000"):
        assert needle in topics.output
    language = runner.invoke(cli, ["eval", "language", str(shared_dir / "eval" / "mentions_dev.jsonl")])
    assert language.exit_code == 0, language.output
    assert "on > 200 chars" in language.output


def test_a_malformed_eval_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"lang": "en", "text": "fine", "topics": ["15000000"]}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "topics", str(path)])
    assert result.exit_code != 0
    assert f"{path}:2" in (result.output + str(result.exception))
