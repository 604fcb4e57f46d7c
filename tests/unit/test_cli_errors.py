"""Every command reports a mediamon error as one `Error:` line with exit status 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli import cli


@pytest.mark.parametrize(("text", "message"), [
    ("feeds:\n  - name: A\n    url: [unclosed\n", "feeds.yaml:4: invalid YAML"),
    ("feeds:\n  - name: A\n    url: http://a.example/\n    name: B\n", "feeds.yaml:4: duplicate key 'name'"),
])
def test_a_broken_feed_list_is_one_error_line_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["feeds", "export", "--feeds", str(feeds)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1


def test_a_broken_eval_file_is_one_error_line(tmp_path: Path) -> None:
    data = tmp_path / "topics.jsonl"
    data.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "topics", str(data)])
    assert (result.exit_code, result.output.splitlines()) == (1, [f"Error: {data}:1: not JSON: Expecting value: "
                                                                     "line 1 column 1 (char 0)"])
