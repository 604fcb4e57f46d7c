"""The Faust app factory: one explicit list of domain modules per stage, no hidden global app.

Each domain module exposes `register(app, settings, topics, counters)` and declares its agents there.
A stage (`enrich`, `index`, `alerts`) is its own app with its own app id, hence its own Kafka
consumer group: a backlog on `articles.raw` cannot starve the indexer, which in one shared
consumer received nothing until the enrich backlog was drained (faust-streaming issue #53).
`all` keeps every stage in one app under the configured app id.
"""

from __future__ import annotations

import importlib

import faust

from mediamon.kafka_security import faust_credentials
from mediamon.settings import Settings
from processors.counters import Counters
from processors.kafka_compat import pace_empty_fetches, rejoin_on_empty_assignments, use_contiguous_commits
from processors.pipeline_topics import declare_topics

STAGE_MODULES = {
    "enrich": ("processors.enrich.agent",),
    "index": ("processors.indexer.agent",),
    "alerts": ("processors.alerts.agent",),
}
ALL = "all"
STAGES = (ALL, *STAGE_MODULES)
# Every process writes the worker heartbeat, whatever its stage.
LIVENESS_MODULE = "processors.liveness"


def stage_settings(settings: Settings, stage: str) -> Settings:
    """The settings one stage runs with: app id (= consumer group, prefix of its internal topics
    and tables) and static member id suffixed by the stage, so stages never share a group and two
    stages of one worker slot never share a `group.instance.id`."""
    if stage == ALL:
        return settings
    if stage not in STAGE_MODULES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}")
    instance = settings.worker_instance_id
    return settings.model_copy(update={"app_id": f"{settings.app_id}-{stage}",
                                       "worker_instance_id": f"{instance}-{stage}" if instance else None})


def create_app(settings: Settings, stage: str = ALL) -> faust.App:
    settings = stage_settings(settings, stage)
    if settings.paces_empty_fetches:
        pace_empty_fetches()
    modules = [m for names in STAGE_MODULES.values() for m in names] if stage == ALL else list(STAGE_MODULES[stage])
    datadir = (settings.data_dir / "faust").resolve()
    datadir.mkdir(parents=True, exist_ok=True)
    membership = {"consumer_group_instance_id": settings.worker_instance_id} if settings.worker_instance_id else {}
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
        broker_credentials=faust_credentials(settings),
        store="memory://",
        autodiscover=False,
        datadir=str(datadir),
        topic_partitions=settings.topic_partitions,
        # Processors never rely on auto-created topics: `stack up` / the setup service create them.
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        web_enabled=False,
        # On stop and on rebalance faust would wait until every in-flight event is acked; the
        # indexer's batch waiting out an Elasticsearch outage would then hang shutdown and block the
        # rebalance forever. Without the wait faust commits what is acked and cancels the agents;
        # unacked events are read again (at-least-once; every stage downstream is idempotent).
        stream_wait_empty=False,
        # A slow bulk request or SMTP delivery must not get the worker kicked out of the group.
        broker_session_timeout=30.0,
        broker_heartbeat_interval=3.0,
        **membership,
    )
    # Consumer behaviour every stage relies on (processors/kafka_compat.py): no commit past an
    # unprocessed record, so what a rebalance skipped shows as lag for liveness to act on, and a
    # rejoin after a rebalance that assigned this worker nothing.
    use_contiguous_commits(app)
    rejoin_on_empty_assignments()
    topics = declare_topics(app, settings)
    counters = Counters()
    app.mediamon_stage = stage  # type: ignore[attr-defined]  # in the heartbeat: one per stage process
    for module in (*modules, LIVENESS_MODULE):
        importlib.import_module(module).register(app, settings, topics, counters)
    return app
