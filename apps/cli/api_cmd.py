"""`mediamon api`: serve the HTTP API."""

from __future__ import annotations

import click

from mediamon import metrics
from mediamon.settings import Settings


@click.command("api")
@click.option("--host", help="Bind address (default: MEDIAMON_API_HOST)")
@click.option("--port", type=int, help="Port (default: MEDIAMON_API_PORT)")
@click.pass_obj
def api(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the HTTP search API (OpenAPI docs at /docs)."""
    import uvicorn

    from apps.api import create_api

    # The bind address also joins the Host names the API answers (apps.api.app.allowed_hosts).
    settings = settings.model_copy(update={"api_host": host or settings.api_host})
    metrics.serve(settings.api_metrics_port, "api")
    uvicorn.run(create_api(settings), host=settings.api_host, port=port or settings.api_port,
                log_level=settings.log_level.lower())


def register(cli: click.Group) -> None:
    cli.add_command(api)
