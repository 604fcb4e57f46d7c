"""Story clustering: fingerprints meet across scripts, the window forgets, output is deterministic."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.scoring import load_items
from processors.evaluation.stories import story_lines
from processors.stories import choice
from processors.stories.cluster import StoryClusterer
from processors.stories.offline import cluster_lines
from processors.stories.fingerprints import fingerprint
from processors.stories.postings import Postings

T0 = datetime(2022, 9, 14, 10, tzinfo=timezone.utc)
RU = ("МОСКВА, 14 сентября. /ТАСС/. Генсек ОДКБ Станислав Зась планирует направиться в Армению 15 сентября, "
      "сообщил пресс-секретарь Владимир Зайнетдинов.")
EN = ("CSTO Secretary General Stanislav Zas plans to go to Armenia on 15 September, press secretary "
      "Vladimir Zainetdinov told TASS.")
EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
OTHER = "Heavy rain flooded Dhaka on Monday; 120 millimetres fell in six hours, the meteorological office said."


def test_names_and_numbers_meet_across_scripts() -> None:
    shared = fingerprint("", RU) & fingerprint("", EN)
    assert {"#15", "stn", "snt"} <= shared  # 15, Stanislav/Станислав, Zainetdinov/Зайнетдинов


def test_a_word_with_a_combining_mark_stays_one_word() -> None:
    assert fingerprint("", "جمّدت أرمينيا") == fingerprint("", "جمدت أرمينيا")  # shadda: a doubled consonant


def test_an_arabic_name_with_the_article_meets_its_other_scripts() -> None:
    assert fingerprint("", "قال الكرملين") & fingerprint("", "заявили в Кремле") == {"krm"}  # al-Kremlin
    assert fingerprint("", "الكرملين") == {"lkr", "krm"}  # the whole word's skeleton is kept too
    assert fingerprint("", "كالرملين") == {"klr"}  # "ال" inside a word is no article


def test_a_name_of_two_consonants_meets_its_other_scripts() -> None:
    for spelling in ("শেখ হাসিনা", "शेख हसीना", "شيخ حسينة"):  # Bengali, Hindi, Arabic
        assert "~sn" in fingerprint("", "Sheikh Hasina") & fingerprint("", spelling)
    assert fingerprint("", "Baku") == frozenset()  # four letters: too short to tell a name


@pytest.mark.parametrize(("arabic", "other", "shared"), [
    ("الرئيس إبراهيم رئيسي", "President Ebrahim Raisi", {"brm", "~rs"}),  # the hamza of رئيسي cuts no word
    ("رئيسي", "Раиси", {"~rs"}),
])
def test_an_arabic_word_with_a_hamza_meets_its_other_scripts(arabic: str, other: str, shared: set[str]) -> None:
    assert fingerprint("", arabic) & fingerprint("", other) == shared


def test_bangladesh_meets_in_bengali_and_hindi() -> None:
    for spelling in ("বাংলাদেশ", "बांग्लादेश", "Бангладеш"):
        assert "bnk" in fingerprint("", "Bangladesh") & fingerprint("", spelling)


def test_short_skeletons_do_not_make_an_article_look_longer() -> None:
    scores = []
    for extra in ("", " Hasina Aktau Obama Amina Oyama"):  # words with two consonants, none in RU
        clusterer = StoryClusterer()
        clusterer.add("en-1", T0, "", EN + extra)  # the shorter of the two: its weight divides the overlap
        scores.append(clusterer.add("ru-1", T0, "", RU).score)
    assert scores[0] == scores[1] > 0


def test_both_ways_of_tallying_candidates_agree() -> None:
    postings = Postings()
    for slot, features in enumerate((["a", "b", "c"], ["b", "c", "d"], ["c", "d", "e"])):
        postings.add(slot, features, postings.lookup(features))
    ids, first = postings.known(postings.lookup(["b", "z", "c", "d"]), 2)
    assert first == 1  # of "b" and "z", only "b" is carried
    weights, carriers = np.array([1.0, 2.0, 4.0]), postings.df[ids]
    dense = postings.tally(ids, carriers, weights, 10, 1, 3)
    by_sorting = postings.tally(ids, carriers, weights, 10, 1, 10_000)
    for tally in (dense, by_sorting):
        assert tally[0].tolist() == [0, 1, 2]
        assert tally[1].tolist() == [3.0, 7.0, 6.0]
    for slot_count in (3, 10_000):
        assert postings.tally(ids, carriers, weights, 10, 3, slot_count)[0].tolist() == [1]  # shares b, c and d
    # "c" is in 3 articles: skipped
    assert postings.tally(ids, carriers, weights, 2, 1, 3)[1].tolist() == [1.0, 5.0, 4.0]

def test_a_translation_joins_the_origin_and_records_the_lag() -> None:
    clusterer = StoryClusterer()
    origin = clusterer.add("ru-1", T0, "", RU)
    clusterer.add("bn-x", T0 + timedelta(minutes=5), "", OTHER)
    copy = clusterer.add("en-1", T0 + timedelta(hours=3), "", EN)
    assert (origin.story_id, copy.story_id, copy.story_origin_id) == ("ru-1", "ru-1", "ru-1")
    assert copy.lag_seconds == 3 * 3600


def test_articles_beyond_the_horizon_are_forgotten() -> None:
    clusterer = StoryClusterer(horizon=timedelta(days=1))
    clusterer.add("ru-1", T0, "", RU)
    late = clusterer.add("en-1", T0 + timedelta(days=2), "", EN)
    assert late.story_id == "en-1"
    assert len(clusterer) == 1


def test_stories_command_is_deterministic_and_keeps_input_order() -> None:
    lines = [{"id": "en-1", "published": (T0 + timedelta(hours=3)).isoformat(), "text": EN},
             {"id": "ru-1", "published": T0.isoformat(), "text": RU},
             {"id": "bad", "published": "yesterday", "text": "x"}]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    first = CliRunner().invoke(cli, ["stories", "--input", "-"], input=data)
    second = CliRunner().invoke(cli, ["stories", "--input", "-"], input=data)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    out = [json.loads(x) for x in first.output.splitlines()]
    assert [o.get("id") for o in out] == ["en-1", "ru-1", None]
    assert out[0]["story_id"] == out[0]["story_origin_id"] == "ru-1"
    assert out[1]["cited_sources"][0]["outlet"] == "tass"
    assert "published is not an ISO 8601 date" in out[2]["error"]


def test_a_forgotten_article_leaves_no_postings_behind() -> None:
    postings = Postings()
    kept = postings.add(0, ["a", "b"], [None, None])
    postings.remove(1, postings.add(1, ["b", "c"], postings.lookup(["b", "c"])))
    assert len(postings) == 2 and postings.lookup(["a", "b", "c"]) == [0, 1, None]
    assert postings.add(2, ["d"], [None]).tolist() == [2]  # the id "c" had is handed out again
    assert postings.tally(kept, postings.df[kept], np.ones(2), 10, 1, 3)[0].tolist() == [0]


def pashinyan_and_the_kremlin() -> dict[str, str]:
    """Story of each article: Pashinyan says Armenia froze its CSTO membership (P, ten reports from
    01:03 to 16:00 UTC), and the Kremlin says it will ask Yerevan what he meant (PK, five from 12:00)."""
    items = load_items(EVAL_DIR / "stories_extra.jsonl", ("id", "story", "lang", "published", "text"))
    lines = story_lines([item for item in items if item["story"] in ("P", "PK")])
    return {line["id"]: line["story_id"] for line in cluster_lines(lines)}


def test_a_story_joined_through_one_member_alone_stays_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    stories = pashinyan_and_the_kremlin()
    assert {stories[f"sx-{n:03}"] for n in range(1, 11)} == {"sx-001"}
    assert {stories[f"sx-{n:03}"] for n in range(11, 16)} == {"sx-011"}
    monkeypatch.setattr(choice, "MIN_SUPPORT", 0.0)  # any one likely member is enough: the reaction joins
    assert set(pashinyan_and_the_kremlin().values()) == {"sx-001"}
