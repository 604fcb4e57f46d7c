"""Elasticsearch for mediamon: client from settings, index templates from deploy/, idempotent setup."""

from mediamon.elastic.client import async_client, sync_client
from mediamon.elastic.setup import setup
from mediamon.elastic.templates import ArticleTemplates, load_templates

__all__ = ["ArticleTemplates", "async_client", "load_templates", "setup", "sync_client"]
