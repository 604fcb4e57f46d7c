"""GET /health, the one public route: the process answers (liveness) and reaches Elasticsearch and
Kafka (readiness: 200 when both answer, 503 otherwise). It shows no data, so it needs no token."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mediamon.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])
CHECK_SECONDS = 2.0


async def _elasticsearch_answers(request: Request) -> bool:
    try:
        return bool(await asyncio.wait_for(request.app.state.es.ping(), CHECK_SECONDS))
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the reason is logged
        log.info("health: Elasticsearch: %s", exc)
        return False


async def _kafka_answers(settings: Settings) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(*settings.kafka_host_port), CHECK_SECONDS)
    except (OSError, asyncio.TimeoutError) as exc:
        log.info("health: Kafka: %s", exc)
        return False
    writer.close()
    return True


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    checks = {"elasticsearch": await _elasticsearch_answers(request),
              "kafka": await _kafka_answers(request.app.state.settings)}
    ready = all(checks.values())
    return JSONResponse(status_code=200 if ready else 503,
                        content={"status": "ok" if ready else "degraded",
                                 "checks": {name: "ok" if up else "unreachable" for name, up in checks.items()}})
