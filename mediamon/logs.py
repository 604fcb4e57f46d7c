"""Logging set-up shared by every command: one readable line per event on stderr."""

from __future__ import annotations

import logging


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    # kafka-python and aiokafka are chatty at INFO about every connection.
    for noisy in ("kafka", "aiokafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    # elastic_transport logs a traceback per retried request; our callers log the outcome once.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
