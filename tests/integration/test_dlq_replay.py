"""`mediamon dlq`: a dead-lettered article is listed with its reason, refused while still broken,
replayed once fixed, searchable exactly once, and a second replay sends nothing."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.day_two import publish_raw, raw_article, search_hits, wait_for

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def _letters(settings: Settings, *filters: str) -> list[dict]:
    listed = run_mediamon(settings, "dlq", "list", "--json", *filters)
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line) for line in listed.stdout.splitlines()]


def test_a_fixed_dead_letter_is_replayed_once_and_appears_once(stack_settings: Settings, worker_factory,
                                                                tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"search_backend": "local", "data_dir": tmp_path / "data"})
    good = raw_article("good-1", "Саммит ОДКБ", "Лидеры стран ОДКБ встретились в Минске.", NOW - timedelta(hours=2))
    fixed = raw_article("broken-1", "CSTO drills", "The CSTO held drills near Dushanbe.", NOW - timedelta(hours=1))
    broken = {k: v for k, v in json.loads(fixed.dumps()).items() if k != "text"}  # a producer bug: no text
    publish_raw(settings, [("good-1", good.dumps()), ("broken-1", json.dumps(broken).encode())])
    worker_factory(settings)

    wait_for(lambda: _letters(settings, "--topic", "articles.raw"), what="the dead letter")
    wait_for(lambda: len(search_hits(settings)) == 1, what="the good article")
    assert _letters(settings, "--reason", "no such reason") == []
    [letter] = _letters(settings, "--topic", "articles.raw", "--reason", "missing fields")
    assert letter["stage"] == "enrich" and letter["key"] == "broken-1" and "text" in letter["error"]

    unfixed = run_mediamon(settings, "dlq", "replay", "--letter", letter["ref"])
    assert "refused 1" in unfixed.stdout and "would be dead-lettered again" in unfixed.stderr, unfixed

    payload = tmp_path / "fixed.json"
    payload.write_bytes(fixed.dumps())
    replayed = run_mediamon(settings, "dlq", "replay", "--letter", letter["ref"], "--payload", str(payload))
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1 | already replayed 0 | refused 0" in replayed.stdout
    wait_for(lambda: len(search_hits(settings)) == 2, what="the replayed article")
    first = {hit["id"]: hit for hit in search_hits(settings)}["broken-1"]
    assert "CSTO" in first["entities"]

    again = run_mediamon(settings, "dlq", "replay", "--letter", letter["ref"], "--payload", str(payload))
    assert "replayed 0 | already replayed 1" in again.stdout, again.stdout
    forced = run_mediamon(settings, "dlq", "replay", "--letter", letter["ref"], "--payload", str(payload), "--again")
    assert "replayed 1 |" in forced.stdout, forced.stdout
    wait_for(lambda: {hit["id"]: hit for hit in search_hits(settings)}["broken-1"]["enriched"] != first["enriched"],
             what="the forced replay to be enriched again")
    assert len(_letters(settings)) == 1
    assert Counter(hit["id"] for hit in search_hits(settings)) == {"good-1": 1, "broken-1": 1}
    shown = run_mediamon(settings, "dlq", "show", letter["ref"])
    assert json.loads(shown.stdout)["payload"] == json.dumps(broken)
