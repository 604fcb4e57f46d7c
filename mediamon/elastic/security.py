"""Least privilege in Elasticsearch: one role and user per job, created by `mediamon setup` when
security is on (the passwords come from deploy/.env). Only setup itself uses the `elastic` superuser."""

from __future__ import annotations

from typing import Any

from elasticsearch import ApiError, Elasticsearch

from mediamon.errors import ConfigError
from mediamon.settings import Settings

WRITER, READER, VIEWER = "mediamon_writer", "mediamon_reader", "mediamon_viewer"

ROLES: dict[str, dict[str, Any]] = {
    # The indexer writes documents into the monthly indices (created by setup/templates), nothing else.
    WRITER: {"indices": [{"names": ["articles-*"], "privileges": ["create_doc", "create", "index", "write",
                                                                  "view_index_metadata"]}]},
    # The API searches the alias and its indices.
    READER: {"indices": [{"names": ["articles*"], "privileges": ["read", "view_index_metadata"]}]},
    # Monitoring teams in Kibana: read the articles, use Discover and the dashboards, change nothing.
    VIEWER: {"indices": [{"names": ["articles*"], "privileges": ["read", "view_index_metadata"]}],
             "applications": [{"application": "kibana-.kibana", "resources": ["space:default"],
                               "privileges": ["feature_discover.read", "feature_dashboard.read",
                                              "feature_visualize.read"]}]},
}


def wanted_users(settings: Settings) -> dict[str, str]:
    """user name -> password for the users whose password is configured (role = user name)."""
    configured = {WRITER: settings.es_writer_password, READER: settings.es_reader_password,
                  VIEWER: settings.es_viewer_password}
    return {user: secret.get_secret_value() for user, secret in configured.items() if secret is not None}


def ensure_roles_and_users(es: Elasticsearch, settings: Settings) -> list[str]:
    """Create or update our roles, and the users that have a password configured (idempotent)."""
    users = wanted_users(settings)
    if not users:
        return []
    try:
        for role, body in ROLES.items():
            es.security.put_role(name=role, **body)
        for user, password in users.items():
            es.security.put_user(username=user, password=password, roles=[user])
    except ApiError as exc:
        raise ConfigError(f"Elasticsearch refused to create roles/users (is security on?): {exc}") from exc
    return [f"role and user {user}" for user in sorted(users)]
