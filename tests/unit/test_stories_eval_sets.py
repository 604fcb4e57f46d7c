"""The labelled story sets of issue 15 stay well-formed, disjoint and as large as the issue asks.

A malformed line, an id or source page used twice, or a story told in one language only would make
the figures of `mediamon eval stories` mean something else without anyone noticing. A later set
must not reuse a page of an earlier one even under another spelling of its address, or it would
not be held out.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from mediamon.scoring import load_items
from tests.unit.eval_pages import page

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
SHARED_EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval"
STORY_SETS = (
    "stories_test.jsonl", "stories_extra.jsonl", "stories_more.jsonl", "stories_test2.jsonl", "stories_test3.jsonl",
    "stories_test4.jsonl", "stories_test5.jsonl", "stories_test6.jsonl", "stories_test7.jsonl",
    "stories_test8.jsonl",
)
# Built held out: none of their pages may be a page of the mention, citation or topic sets either
# (stories_test, _extra and _more were built from pages of those sets before this rule).
HELD_OUT_SETS = STORY_SETS[3:]
CROSS_LANGUAGE_SETS = ("stories_more.jsonl", "stories_test2.jsonl", "stories_test3.jsonl", "stories_test4.jsonl",
                       "stories_test5.jsonl", "stories_test6.jsonl", "stories_test7.jsonl",
                       "stories_test8.jsonl")
FIELDS = ("id", "story", "lang", "published", "text", "distractor", "source_url")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
LANGUAGES_THE_ISSUE_NAMES = {"bn", "kk", "ky", "uz", "ar"}


def load_set(name: str) -> list[dict]:
    return load_items(EVAL_DIR / name, FIELDS)


@pytest.fixture(scope="module")
def story_sets() -> dict[str, list[dict]]:
    return {name: load_set(name) for name in STORY_SETS}


@pytest.mark.parametrize("name", STORY_SETS)
def test_every_line_is_a_complete_labelled_article(name: str) -> None:
    for item in load_set(name):
        where = f"{name}:{item['_line']}"
        assert all(isinstance(item[f], str) and item[f].strip() for f in FIELDS if f != "distractor"), where
        assert isinstance(item["distractor"], bool), where
        assert LANGUAGE_CODE.match(item["lang"]), where
        assert datetime.fromisoformat(item["published"]).tzinfo is not None, where
        assert item["source_url"].startswith(("http://", "https://")), where


def test_ids_and_source_pages_are_never_reused(story_sets: dict[str, list[dict]]) -> None:
    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for name, items in story_sets.items():
        for item in items:
            assert item["id"] not in seen_ids, f"{item['id']} in {name} and {seen_ids.get(item['id'])}"
            address = page(item["source_url"])
            assert address not in seen_urls, f"{item['source_url']} in {name} and {seen_urls.get(address)}"
            seen_ids[item["id"]] = name
            seen_urls[address] = name


@pytest.mark.parametrize("name", STORY_SETS[1:])
def test_no_page_is_shared_with_an_earlier_set(name: str, story_sets: dict[str, list[dict]]) -> None:
    before = STORY_SETS[:STORY_SETS.index(name)]
    earlier = {page(item["source_url"]) for other in before for item in story_sets[other]}
    assert not {page(item["source_url"]) for item in story_sets[name]} & earlier


def pages_of_the_other_eval_sets() -> set[str]:
    """Every page a mention, citation or topic set (ours and ../shared/eval) names as its source."""
    files = [path for path in EVAL_DIR.glob("*.jsonl") if not path.name.startswith("stories_")]
    pages: set[str] = set()
    for path in [*files, *SHARED_EVAL_DIR.glob("*.jsonl")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            pages.update(page(item[key]) for key in ("source_url", "source") if isinstance(item.get(key), str))
    return pages


def test_held_out_sets_share_no_page_with_any_other_eval_set(story_sets: dict[str, list[dict]]) -> None:
    others = pages_of_the_other_eval_sets()
    shared = {item["source_url"] for name in HELD_OUT_SETS for item in story_sets[name]
              if page(item["source_url"]) in others}
    assert not shared


def test_a_story_is_either_all_distractor_or_none(story_sets: dict[str, list[dict]]) -> None:
    for name, items in story_sets.items():
        flags: dict[str, set[bool]] = defaultdict(set)
        for item in items:
            flags[item["story"]].add(item["distractor"])
        assert not [story for story, values in flags.items() if len(values) > 1], name


@pytest.mark.parametrize("name", CROSS_LANGUAGE_SETS)
def test_every_new_story_crosses_languages_unless_it_is_a_distractor(name: str) -> None:
    languages: dict[str, set[str]] = defaultdict(set)
    distractor: dict[str, bool] = {}
    for item in load_set(name):
        languages[item["story"]].add(item["lang"])
        distractor[item["story"]] = item["distractor"]
    single = [story for story, langs in languages.items() if len(langs) < 2 and not distractor[story]]
    assert not single


def test_together_the_sets_are_as_large_as_the_issue_asks(story_sets: dict[str, list[dict]]) -> None:
    articles = [item for items in story_sets.values() for item in items]
    stories = {(name, item["story"]) for name, items in story_sets.items() for item in items}
    languages = {item["lang"] for item in articles}
    assert len(articles) >= 150
    assert len(stories) >= 40
    assert len(languages) >= 10
    assert LANGUAGES_THE_ISSUE_NAMES <= languages
