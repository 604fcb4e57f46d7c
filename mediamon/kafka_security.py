"""Kafka connection security from settings, shared by kafka-python, aiokafka and faust clients:
plain by default (the local stack), SASL and/or TLS when `MEDIAMON_KAFKA_SECURITY_PROTOCOL` says so."""

from __future__ import annotations

import ssl
from typing import Any

import faust

from mediamon.settings import Settings


def _ssl_context(settings: Settings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(settings.kafka_ca_file) if settings.kafka_ca_file else None)


def kafka_client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments that kafka-python and aiokafka clients both accept (empty for PLAINTEXT)."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return {}
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = _ssl_context(settings)
    if protocol.startswith("SASL"):
        password = settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else ""
        options.update(sasl_mechanism=settings.kafka_sasl_mechanism, sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=password)
    return options


def faust_credentials(settings: Settings) -> faust.types.auth.CredentialsT | None:
    """The same as `broker_credentials` for faust.App (None for PLAINTEXT)."""
    protocol = settings.kafka_security_protocol
    if protocol == "SSL":
        return faust.SSLCredentials(_ssl_context(settings))
    if protocol.startswith("SASL"):
        password = settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else ""
        context = _ssl_context(settings) if protocol == "SASL_SSL" else None
        return faust.SASLCredentials(username=settings.kafka_sasl_username, password=password,
                                     mechanism=settings.kafka_sasl_mechanism, ssl_context=context)
    return None
