"""`mediamon import` backfills an archive through the pipeline: enriched, searchable, never twice."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mediamon.search import SearchParams, open_search
from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.faults_support import raw_count

NOW = datetime.now(timezone.utc).replace(microsecond=0)
ARCHIVE = [
    {"url": "https://archive.example/ru/1", "title": "Саммит ОДКБ в Астане",
     "text": "Лидеры стран ОДКБ обсудили учения миротворческих сил.", "published": (NOW - timedelta(days=40)).isoformat(),
     "source": "Архив"},
    {"url": "https://archive.example/en/2", "title": "CSTO exercises",
     "text": "The Collective Security Treaty Organization held exercises in Tajikistan.",
     "published": (NOW - timedelta(days=3)).isoformat()},
    {"url": "https://archive.example/ru/3", "title": "Итоги недели",
     "text": "Специальная военная операция продолжается, заявили в Москве.", "published": NOW.isoformat()},
]


def _search(settings: Settings, query: str) -> list[dict]:
    async def go() -> list[dict]:
        backend = open_search(settings)
        try:
            return (await backend.search(SearchParams(q=query, size=50))).hits
        finally:
            await backend.close()
    return asyncio.run(go())


def test_an_archive_is_enriched_and_searchable_and_a_second_import_publishes_nothing(
        stack_settings: Settings, worker_factory, tmp_path: Path) -> None:
    settings = stack_settings.model_copy(update={"search_backend": "local", "data_dir": tmp_path / "data"})
    archive = tmp_path / "archive.jsonl"
    lines = [json.dumps(item, ensure_ascii=False) for item in ARCHIVE]
    archive.write_text("\n".join(lines[:2] + ["{broken", lines[2], lines[0]]) + "\n", encoding="utf-8")
    worker_factory(settings)

    first = run_mediamon(settings, "import", "--input", str(archive))
    assert first.returncode == 0, first.stderr
    assert "read 5 | published 3 | already imported 1 | invalid 1" in first.stdout
    assert "line 3: not JSON" in first.stderr

    deadline = time.monotonic() + 120
    while len(_search(settings, "*")) < 3 and time.monotonic() < deadline:
        time.sleep(1)
    hits = {hit["url"]: hit for hit in _search(settings, "*")}
    assert set(hits) == {item["url"] for item in ARCHIVE}
    assert "CSTO" in hits["https://archive.example/ru/1"]["entities"]
    assert "SMO" in hits["https://archive.example/ru/3"]["entities"]
    assert hits["https://archive.example/en/2"]["source"] == "archive.example"

    again = run_mediamon(settings, "import", "--input", str(archive))
    assert "published 0 | already imported 4 | invalid 1" in again.stdout, again.stdout
    time.sleep(3)
    assert raw_count(settings) == 3 and len(_search(settings, "*")) == 3
