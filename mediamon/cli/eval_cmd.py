"""Command group placeholder; filled in by the issue that owns it."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Adds this module's commands to `mediamon`."""
