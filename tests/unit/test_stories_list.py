"""`GET /stories` and `mediamon stories`: the largest or fastest-spreading stories for a query, each
whole (all languages, whatever matched), with origin, lags and credits; same answer from the CLI."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from apps.api import create_api
from apps.api.tokens import Role, TokenStore, tokens_path
from apps.cli import cli
from mediamon.search.backend import local_index_path
from mediamon.search.local.engine import LocalIndex
from mediamon.settings import Settings

T0 = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)


def doc(article_id: str, story: str, hours: float, lang: str, source: str, title: str,
        credits: bool = False) -> dict[str, Any]:
    return {"id": article_id, "lang": lang, "source": source, "title": title, "text": title, "country": None,
            "url": f"https://{source}/{article_id}", "published": (T0 + timedelta(hours=hours)).isoformat(),
            "story_id": story, "story_origin_id": story, "story_credits_origin": credits,
            "cited": ["tass"] if credits else []}


# A: 4 articles over three days (one reprint within 24 h). B: 3 articles within an hour. C: alone.
ARTICLES = [
    doc("a0", "a0", 0, "ru", "tass.ru", "Зась посетит Армению"),
    doc("a1", "a0", 3, "en", "reprints.example", "Zas to visit Armenia", credits=True),
    doc("a2", "a0", 30, "bn", "bn.example", "জাস আর্মেনিয়া যাবেন", credits=True),
    doc("a3", "a0", 70, "kk", "kz.example", "Зась Арменияға барады"),
    doc("b0", "b0", 1, "en", "dhaka.example", "Rain floods Dhaka"),
    doc("b1", "b0", 1.5, "en", "copy.example", "Rain floods Dhaka"),
    doc("b2", "b0", 2, "bn", "bn.example", "ঢাকায় বৃষ্টি"),
    doc("c0", "c0", 2, "en", "solo.example", "Something else"),
]


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path, search_backend="local", api_allowed_hosts=["testserver"],
                        kafka_bootstrap="127.0.0.1:1", es_url="http://127.0.0.1:1")
    LocalIndex(local_index_path(settings)).write(ARTICLES)
    return settings


def api_get(settings: Settings, **params: Any) -> dict[str, Any]:
    token = TokenStore(tokens_path(settings)).add("viewer", Role.viewer)
    with TestClient(create_api(settings)) as client:
        answer = client.get("/stories", params=params, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_largest_stories_first_each_with_origin_languages_lags_and_credits(settings: Settings) -> None:
    result = api_get(settings)
    assert [s["story_id"] for s in result["stories"]] == ["a0", "b0", "c0"]
    story = result["stories"][0]
    assert (story["size"], story["matching"], story["origin"]["id"], story["origin"]["source"]) == (4, 4, "a0", "tass.ru")
    assert sorted(story["languages"]) == ["bn", "en", "kk", "ru"]
    assert [a["lag_seconds"] for a in story["articles"]] == [0, 3 * 3600, 30 * 3600, 70 * 3600]
    assert (story["reprints_24h"], story["crediting_origin"], story["median_lag_seconds"]) == (1, 2, 30 * 3600)
    assert result["complete"] is True and result["matching_total"] == 8


def test_fastest_spreading_first_with_sort_speed(settings: Settings) -> None:
    assert [s["story_id"] for s in api_get(settings, sort="speed")["stories"]] == ["b0", "a0", "c0"]


def test_a_query_in_one_language_brings_the_whole_story(settings: Settings) -> None:
    stories = api_get(settings, q="Арменияға")["stories"]
    assert [(s["story_id"], s["size"], s["matching"]) for s in stories] == [("a0", 4, 1)]


def test_the_command_prints_the_timeline_and_the_apis_json(settings: Settings) -> None:
    env = {"MEDIAMON_DATA_DIR": str(settings.data_dir), "MEDIAMON_SEARCH_BACKEND": "local"}
    shown = CliRunner().invoke(cli, ["stories", "--size", "1"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "4 articles in 4 languages" in shown.output and "+3h00" in shown.output
    assert "reprints.example [en]  Zas to visit Armenia  (credits the origin)" in shown.output
    as_json = CliRunner().invoke(cli, ["stories", "--json", "--sort", "speed"], env=env)
    assert json.loads(as_json.output) == api_get(settings, sort="speed")


def test_the_endpoint_is_documented_in_openapi(settings: Settings) -> None:
    with TestClient(create_api(settings)) as client:
        spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/stories"]["get"]
    assert {"q", "since", "sort", "size"} <= {p["name"] for p in operation["parameters"]}
    story = spec["components"]["schemas"]["Story"]["properties"]
    assert {"origin", "languages", "outlets", "reprints_24h", "median_lag_seconds", "articles"} <= set(story)
