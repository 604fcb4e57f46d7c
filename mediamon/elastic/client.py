"""Elasticsearch clients built from settings, so every caller authenticates the same way."""

from __future__ import annotations

from typing import Any

from elasticsearch import AsyncElasticsearch, Elasticsearch

from mediamon.settings import Settings


def es_credentials(settings: Settings) -> tuple[str, str] | None:
    """(user, password) for Elasticsearch and Kibana (same users), None when no user is set."""
    if not settings.es_username:
        return None
    return settings.es_username, settings.es_password.get_secret_value() if settings.es_password else ""


def _options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"request_timeout": 30}
    credentials = es_credentials(settings)
    if credentials:
        options["basic_auth"] = credentials
    if settings.es_ca_certs is not None:
        # An https:// es_url is verified against this CA (the one Elasticsearch's own TLS setup made).
        options["ca_certs"] = str(settings.es_ca_certs)
    return options


def sync_client(settings: Settings, **overrides: Any) -> Elasticsearch:
    """For one-shot commands (setup, CLI); the client retries transient errors a few times itself."""
    return Elasticsearch(settings.es_url, **{**_options(settings), **overrides})


def async_client(settings: Settings, **overrides: Any) -> AsyncElasticsearch:
    """For the Faust indexer and the HTTP API; create it inside the running event loop."""
    return AsyncElasticsearch(settings.es_url, **{**_options(settings), **overrides})
