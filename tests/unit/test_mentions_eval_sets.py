"""The repository's mention evaluation sets stay well-formed: a broken line or a surface that no longer
occurs in its text would silently change the figures printed by `mediamon eval mentions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from processors.evaluation.mentions import gold_spans

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
SETS = ("mentions_extra.jsonl", "mentions_dev2.jsonl", "mentions_dev3.jsonl", "mentions_dev4.jsonl",
        "mentions_dev5.jsonl")
CLASSES = {"names", "paraphrase", "discourse", "mt"}


def load(name: str) -> list[dict]:
    lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("name", SETS)
def test_every_item_has_a_unique_id_a_source_page_and_findable_surfaces(name: str) -> None:
    items = load(name)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item["source"].startswith("http"), item["id"]
        assert len(gold_spans(item["text"], item["mentions"])) == len(item["mentions"]), item["id"]
        assert {m.get("class", "names") for m in item["mentions"]} <= CLASSES, item["id"]


def test_the_paraphrase_set_shares_no_page_with_the_other_development_sets() -> None:
    others = {item["source"] for name in SETS if name != "mentions_dev4.jsonl" for item in load(name)}
    assert not others & {item["source"] for item in load("mentions_dev4.jsonl")}
