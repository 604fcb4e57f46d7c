"""GET /health, the one public route: the process answers (liveness) and reaches Kafka and, when it
searches Elasticsearch, Elasticsearch (readiness: 200 when they answer, 503 otherwise). It shows no
data, so it needs no token."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mediamon.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])
CHECK_SECONDS = 2.0


async def _answers(name: str, host_port: tuple[str, int]) -> bool:
    """A TCP connection to the server is accepted within CHECK_SECONDS (independent of the clients
    the app holds, so it says the same whichever search backend is configured)."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(*host_port), CHECK_SECONDS)
    except (OSError, asyncio.TimeoutError) as exc:
        log.info("health: %s at %s:%s: %s", name, *host_port, exc)
        return False
    writer.close()
    return True


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    checks = {"kafka": await _answers("Kafka", settings.kafka_host_port)}
    if settings.search_backend == "elasticsearch":  # the embedded index is a folder, always there
        checks["elasticsearch"] = await _answers("Elasticsearch", settings.es_host_port)
    ready = all(checks.values())
    return JSONResponse(status_code=200 if ready else 503,
                        content={"status": "ok" if ready else "degraded",
                                 "checks": {name: "ok" if up else "unreachable" for name, up in checks.items()}})
