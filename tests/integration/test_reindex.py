"""`mediamon reindex` / `reenrich` rebuild a lost index from Kafka: the same documents, each once,
only the period asked for, and nothing written back to Kafka (so no alert goes out again)."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mediamon.elastic import sync_client
from mediamon.search.backend import local_index_path
from mediamon.settings import Settings
from mediamon.topic_scan import scan
from mediamon.topology import ARTICLES_ENRICHED
from tests.conftest import run_mediamon
from tests.integration.day_two import publish_raw, raw_article, search_hits, wait_for

NOW = datetime.now(timezone.utc).replace(microsecond=0)
ARTICLES = [
    raw_article("recent", "Саммит ОДКБ", "Лидеры стран ОДКБ встретились в Минске.", NOW - timedelta(hours=1)),
    raw_article("days-old", "CSTO drills", "The CSTO held drills near Dushanbe.", NOW - timedelta(days=3)),
    raw_article("old", "Heavy snow", "Forecasters expect heavy snow across the region.", NOW - timedelta(days=10)),
]


def _documents(settings: Settings) -> dict[str, tuple]:
    hits = search_hits(settings)
    assert max(Counter(hit["id"] for hit in hits).values(), default=1) == 1, "an article was indexed twice"
    return {hit["id"]: (hit["title"], tuple(hit["entities"]), hit["lang"], hit["published"]) for hit in hits}


def _wipe(settings: Settings) -> None:
    """Lose the whole index: the embedded index's folder, or every monthly index (and so the alias)."""
    if settings.search_backend == "local":
        shutil.rmtree(local_index_path(settings))
        assert search_hits(settings) == []
        return
    es = sync_client(settings)
    try:
        es.indices.delete(index=",".join(es.indices.get(index=f"{settings.index_name('articles')}-*")))
        assert not es.indices.exists_alias(name=settings.index_name("articles"))
    finally:
        es.close()


def _rebuild(settings: Settings, command: str, *args: str) -> str:
    done = run_mediamon(settings, command, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("backend", ["local", "elasticsearch"])
def test_a_lost_index_is_rebuilt_from_kafka_with_the_same_documents(stack_settings: Settings, worker_factory,
                                                                    tmp_path: Path, backend: str) -> None:
    settings = stack_settings.model_copy(update={"search_backend": backend, "data_dir": tmp_path / "data"})
    if backend == "elasticsearch":
        _rebuild(settings, "es", "setup")  # what compose's setup service does before the workers start
    publish_raw(settings, [(article.id, article.dumps()) for article in ARTICLES])
    worker = worker_factory(settings)
    wait_for(lambda: len(search_hits(settings)) == 3, what="the worker to index the articles")
    if backend == "local":
        busy = run_mediamon(settings, "reindex")
        assert busy.returncode == 1 and "stop the worker's index stage" in busy.stderr, busy
    worker.stop()
    before = _documents(settings)
    assert "CSTO" in before["recent"][1]

    _wipe(settings)
    assert "read 3 | outside the period 1 | indexed 2 | rejected 0" in _rebuild(settings, "reindex", "--since", "5d")
    assert set(_documents(settings)) == {"recent", "days-old"}
    assert "indexed 3 | rejected 0" in _rebuild(settings, "reindex")
    assert "indexed 3 | rejected 0" in _rebuild(settings, "reindex")
    assert _documents(settings) == before

    _wipe(settings)
    assert "read 3 | outside the period 2 | indexed 1 | rejected 0" in _rebuild(settings, "reenrich", "--since", "5d",
                                                                               "--until", "2h")
    assert _documents(settings) == {"days-old": before["days-old"]}
    assert sum(1 for _ in scan(settings, settings.topic(ARTICLES_ENRICHED))) == 3  # nothing re-published


def test_reenrich_finds_a_new_gazetteer_term_in_an_old_article_and_alerts_nobody_again(
        stack_settings: Settings, worker_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import time

    import processors.mentions
    from processors.indexer.reindex import Period, reindex
    from processors.mentions.gazetteer import DATA_DIR
    from tests.integration.alerts_helpers import WebhookReceiver

    settings = stack_settings.model_copy(update={"data_dir": tmp_path / "data", "alerts_allow_private_networks": True})
    _rebuild(settings, "es", "setup")
    hook = WebhookReceiver()
    try:
        worker_factory(settings)
        _rebuild(settings, "alerts", "add", "--name", "CSTO desk", "--entity", "CSTO", "--webhook", hook.url("/csto"))
        time.sleep(2)  # the worker follows the subscriptions topic
        csto = raw_article("csto", "Саммит ОДКБ", "Лидеры стран ОДКБ и ШОС встретились в Минске.", NOW - timedelta(hours=1))
        publish_raw(settings, [(csto.id, csto.dumps())])
        wait_for(lambda: len(hook.at("/csto")) == 1 and "csto" in _documents(settings), what="the alert and the index")
        assert _documents(settings)["csto"][1] == ("CSTO",)

        gazetteer = tmp_path / "gazetteer"
        shutil.copytree(DATA_DIR, gazetteer)  # an analyst adds the Shanghai Cooperation Organisation
        (gazetteer / "sco.yaml").write_text("entity: SCO\nentries:\n"
                                            '  - {id: sco.ru.abbr, lang: ru, upper: true, forms: ["ШОС*"]}\n')
        matcher = processors.mentions.build_matcher(gazetteer)
        monkeypatch.setattr(processors.mentions, "default_matcher", lambda: matcher)
        summary = asyncio.run(reindex(settings, "raw", Period(since=NOW - timedelta(days=1))))
        assert (summary.indexed, summary.rejected) == (1, 0)
        assert set(_documents(settings)["csto"][1]) == {"CSTO", "SCO"}
        assert [hit["id"] for hit in search_hits(settings, "entities:SCO")] == ["csto"]
        time.sleep(5)
        assert len(hook.at("/csto")) == 1
    finally:
        hook.close()
