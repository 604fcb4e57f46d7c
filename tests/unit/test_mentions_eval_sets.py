"""The labelled mention development sets of issue 13 stay well-formed and disjoint.

A surface that does not occur in its text, a date the detector cannot read, or a page shared with
another set would make the figures of `mediamon eval mentions` mean something else unnoticed. The
first test set is left out on purpose (nobody tuning the detector reads it); the second to the
sixth, `mentions_test2` to `mentions_test6`, are checked only for form and for pages shared with every
set before them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from processors.mentions.published import earliest_day
from tests.unit.eval_pages import page

ROOT = Path(__file__).resolve().parents[2]
DEV_SETS = {
    "mentions_dev": ROOT.parent / "shared" / "eval" / "mentions_dev.jsonl",
    "mentions_extra": ROOT / "eval" / "mentions_extra.jsonl",
    "mentions_dev2": ROOT / "eval" / "mentions_dev2.jsonl",
    "mentions_dev3": ROOT / "eval" / "mentions_dev3.jsonl",
    "mentions_dev5": ROOT / "eval" / "mentions_dev5.jsonl",
    "mentions_dev4": ROOT / "eval" / "mentions_dev4.jsonl",
    "mentions_dev6": ROOT / "eval" / "mentions_dev6.jsonl",
    "mentions_dev7": ROOT / "eval" / "mentions_dev7.jsonl",
    "mentions_test2": ROOT / "eval" / "mentions_test2.jsonl",
    "mentions_dev8": ROOT / "eval" / "mentions_dev8.jsonl",
    "mentions_test3": ROOT / "eval" / "mentions_test3.jsonl",
    "mentions_dev9": ROOT / "eval" / "mentions_dev9.jsonl",
    "mentions_dev10": ROOT / "eval" / "mentions_dev10.jsonl",
    "mentions_dev11": ROOT / "eval" / "mentions_dev11.jsonl",
    "mentions_dev12": ROOT / "eval" / "mentions_dev12.jsonl",
    "mentions_test4": ROOT / "eval" / "mentions_test4.jsonl",
    "mentions_dev14": ROOT / "eval" / "mentions_dev14.jsonl",
    "mentions_dev13": ROOT / "eval" / "mentions_dev13.jsonl",
    "mentions_dev15": ROOT / "eval" / "mentions_dev15.jsonl",
    "mentions_dev18": ROOT / "eval" / "mentions_dev18.jsonl",
    "mentions_dev17": ROOT / "eval" / "mentions_dev17.jsonl",
    "mentions_dev16": ROOT / "eval" / "mentions_dev16.jsonl",
    "mentions_test5": ROOT / "eval" / "mentions_test5.jsonl",
    "mentions_test6": ROOT / "eval" / "mentions_test6.jsonl",
}
CHECKED = (
    "mentions_extra", "mentions_dev2", "mentions_dev3", "mentions_dev5", "mentions_dev4", "mentions_dev6",
    "mentions_dev7", "mentions_test2", "mentions_dev8", "mentions_test3", "mentions_dev9", "mentions_dev10",
    "mentions_dev11", "mentions_dev12", "mentions_test4", "mentions_dev14", "mentions_dev13", "mentions_dev15",
    "mentions_dev18", "mentions_dev17", "mentions_dev16", "mentions_test5",
    "mentions_test6",
)
ENTITIES = {"CSTO", "SMO"}
CLASSES = {"names", "paraphrase", "discourse", "mt"}
ITEM_ID = re.compile(r"^([a-z]{2,3})(-[a-z]+)?-\d+$")


def load(name: str) -> list[dict]:
    with DEV_SETS[name].open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.mark.parametrize("name", CHECKED)
def test_every_line_is_a_labelled_verbatim_excerpt(name: str) -> None:
    items = load(name)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        where = f"{name}:{item['id']}"
        assert ITEM_ID.match(item["id"]) and item["id"].startswith(item["lang"]), where
        assert 0 < len(item["text"]) < 600 and item["source"].startswith("http"), where
        for mention in item["mentions"]:
            assert mention["entity"] in ENTITIES and mention.get("class", "names") in CLASSES, where
            listed = sum(m["surface"] == mention["surface"] for m in item["mentions"])
            assert item["text"].count(mention["surface"]) >= listed, where
        if "date" in item:
            assert earliest_day(item["date"]) is not None, where
        if not item["mentions"]:
            assert item.get("note"), f"{where}: a negative says why it is there"


@pytest.mark.parametrize("name", CHECKED)
def test_no_page_is_shared_with_an_earlier_set(name: str) -> None:
    names = list(DEV_SETS)
    earlier = {page(item["source"]) for other in names[:names.index(name)] for item in load(other)}
    assert not {page(item["source"]) for item in load(name)} & earlier
