"""The Faust app factory: one explicit list of domain modules, no hidden global app.

Each domain module exposes `register(app, settings, topics, counters)` and declares its agents there.
"""

from __future__ import annotations

import importlib

import faust

from mediamon.settings import Settings
from processors.counters import Counters
from processors.streams import declare_topics

DOMAIN_MODULES = (
    "processors.enrich.agent",
    "processors.indexer.agent",
    "processors.alerts.agent",
    "processors.liveness",
)


def create_app(settings: Settings) -> faust.App:
    datadir = (settings.data_dir / "faust").resolve()
    datadir.mkdir(parents=True, exist_ok=True)
    membership = {"consumer_group_instance_id": settings.worker_instance_id} if settings.worker_instance_id else {}
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
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
    topics = declare_topics(app, settings)
    counters = Counters()
    app.mediamon_counters = counters  # type: ignore[attr-defined]
    for module in DOMAIN_MODULES:
        importlib.import_module(module).register(app, settings, topics, counters)
    return app
