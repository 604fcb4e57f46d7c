"""Backups: Elasticsearch snapshots in production, consistent file copies for the local default."""
