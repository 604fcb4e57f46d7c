"""`mediamon annotate` returns the mentions; `mediamon eval mentions` scores the shared dev set."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from apps.cli import cli
from processors.evaluation.mentions import evaluate, gold_spans, score_item


def test_annotate_returns_mentions_with_evidence() -> None:
    line = json.dumps({"id": "a1", "title": "Саммит ОДКБ", "lang": "ru",
                       "text": "Участники специальной военной операции получат выплаты."}, ensure_ascii=False)
    result = CliRunner().invoke(cli, ["annotate"], input=line + "\n")
    assert result.exit_code == 0, result.output
    (output,) = [json.loads(x) for x in result.output.splitlines()]
    assert [(m["entity"], m["field"], m["surface"], m["framing"], m["rule"]) for m in output["mentions"]] == [
        ("CSTO", "title", "ОДКБ", None, "csto.ru.abbr"),
        ("SMO", "text", "специальной военной операции", "kremlin", "smo.ru.full"),
    ]



def test_a_lone_surrogate_escape_is_replaced_and_the_line_still_annotated() -> None:
    """Half a surrogate pair (`\\ud800`) is valid JSON but not encodable text; it used to abort the run."""
    line = '{"id": "s1", "text": "\\ud800 Участники СВО получат выплаты. \\udfff"}'
    result = CliRunner().invoke(cli, ["annotate"], input=line + "\n")
    assert result.exit_code == 0, result.output
    (output,) = [json.loads(x) for x in result.output.splitlines()]
    assert [(m["surface"], m["start"]) for m in output["mentions"]] == [("СВО", 12)]

def test_scoring_follows_the_shared_convention() -> None:
    text = "ОДКБ и ОДКБ, СВО"
    gold = gold_spans(text, [{"entity": "CSTO", "surface": "ОДКБ"}, {"entity": "CSTO", "surface": "ОДКБ"}])
    assert gold == [("CSTO", 0, 4), ("CSTO", 7, 11)]
    # Overlap counts; a second prediction on a used gold span is a false positive; wrong entity too.
    tps, fps, fns = score_item(gold, [("CSTO", 1, 3), ("CSTO", 0, 4), ("SMO", 7, 11)])
    assert (len(tps), len(fps), len(fns)) == (1, 2, 1)


def test_eval_command_prints_figures_and_errors(tmp_path: Path) -> None:
    items = [{"id": "ru-1", "lang": "ru", "text": "Саммит ОДКБ.", "mentions": [{"entity": "CSTO", "surface": "ОДКБ"}]},
             {"id": "en-1", "lang": "en", "text": "The NATO summit.", "mentions": [{"entity": "CSTO", "surface": "NATO"}]},
             {"id": "en-2", "lang": "en", "text": "Flights from SVO airport.", "mentions": [], "note": "hard negative: SVO"}]
    output = run_eval(tmp_path, items)
    assert "CSTO       1.000  0.500  0.667" in output
    assert "hard negatives: 1/1 clean" in output
    assert "FN en-1 CSTO 'NATO'" in output


def run_eval(tmp_path: Path, items: list[dict]) -> str:
    """`mediamon eval mentions` on these labelled items, as printed."""
    data = tmp_path / "gold.jsonl"
    data.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "mentions", str(data)])
    assert result.exit_code == 0, result.output
    return result.output


def test_dev_set_meets_the_targets(shared_dir: Path) -> None:
    report = evaluate(shared_dir / "eval" / "mentions_dev.jsonl")
    assert all(counts.f1 >= 0.95 for counts in report.by_entity.values()), report.by_entity
    assert all(counts.f1 >= 0.85 for counts in report.by_lang.values()), report.by_lang
    assert len(report.negatives_hit) <= 1, report.negatives_hit
    assert {"CSTO", "SMO"} <= set(report.by_entity)


def test_eval_reports_figures_per_class_and_per_rule(tmp_path: Path) -> None:
    items = [{"id": "ru-1", "lang": "ru", "text": "Участники СВО получат выплаты.",
              "mentions": [{"entity": "SMO", "surface": "СВО", "class": "names"}]},
             {"id": "en-1", "lang": "en", "text": "Flights from SVO airport.", "mentions": [], "note": "hard negative: SVO"}]
    output = run_eval(tmp_path, items)
    assert "names      1.000  1.000  1.000    1   0   0" in output
    assert "smo.ru.abbr" in output
