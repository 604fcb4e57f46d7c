"""FastAPI app factory. Each module in ROUTER_MODULES exposes `router: fastapi.APIRouter`;
adding an API area is one line here, and its routes demand a bearer token (`auth.authenticate`).
Shared state (settings, ES client, tokens, subscriptions) comes from `deps` and `app.state`."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from elasticsearch import ApiError, TransportError
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware

from apps import console
from apps.api import health
from apps.api.auth import authenticate
from apps.api.body_limit import BodyLimitMiddleware
from apps.api.ratelimit import RateLimiter
from apps.api.sources import SourcesView
from apps.api.subscriptions_view import SubscriptionsView
from apps.api.tokens import TokenStore, tokens_path
from mediamon import __version__
from mediamon.query import QuerySyntaxError
from mediamon.search import SearchParamError, open_search
from mediamon.search.local.engine import LocalIndexError
from mediamon.settings import Settings

ROUTER_MODULES = (
    "apps.api.search",
    "apps.api.stories",
    "apps.api.articles",
    "apps.api.trends",
    "apps.api.downloads",
    "apps.api.live",
    "apps.api.sources",
    "apps.api.alerts",
    "apps.api.admin",
)
log = logging.getLogger(__name__)


def allowed_hosts(settings: Settings) -> list[str]:
    """Host header values to answer: a page on another name that resolves to us (DNS rebinding) is refused."""
    if settings.api_allowed_hosts:
        return settings.api_allowed_hosts
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    if settings.api_host not in ("0.0.0.0", "::", ""):
        hosts.append(f"[{settings.api_host}]" if ":" in settings.api_host else settings.api_host)
    return hosts


def create_api(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.search = open_search(settings)
        try:
            yield
        finally:
            await app.state.search.close()
            app.state.subscriptions.close()
            app.state.sources.close()

    app = FastAPI(title="mediamon", version=__version__, lifespan=lifespan,
                  description="Search multilingual news monitored by mediamon (CSTO, the war in Ukraine, …).")
    app.state.settings = settings
    app.state.tokens = TokenStore(tokens_path(settings))
    app.state.rate_limiter = RateLimiter(settings.api_rate_per_second, settings.api_rate_burst)
    app.state.subscriptions = SubscriptionsView(settings)
    app.state.sources = SourcesView(settings)

    @app.exception_handler(QuerySyntaxError)
    async def bad_query(request: Request, exc: QuerySyntaxError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": exc.reason, "position": exc.position,
                                                      "message": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        """FastAPI's default echoes each bad input, which fails to serialise for NaN/Infinity (a 500)."""
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": errors})

    @app.exception_handler(SearchParamError)
    async def bad_param(request: Request, exc: SearchParamError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.exception_handler(LocalIndexError)
    @app.exception_handler(ApiError)
    @app.exception_handler(TransportError)
    async def search_backend_down(request: Request, exc: Exception) -> JSONResponse:
        """The detail goes to the log only: raw errors show index names and cluster internals."""
        log.warning("search backend failed for %s: %s", request.url.path, exc)
        if isinstance(exc, ApiError) and exc.meta.status == 400:
            return JSONResponse(status_code=400, content={"detail": "the search backend cannot run this query"})
        return JSONResponse(status_code=503, content={"detail": "search is unavailable, try again"})

    # Added innermost first: the Host check runs before anything else, the body limit last.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.api_max_body_bytes)
    if settings.api_cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api_cors_origins,
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    app.include_router(health.router)
    console.mount(app)
    for module in ROUTER_MODULES:
        app.include_router(importlib.import_module(module).router, dependencies=[Depends(authenticate)])
    return app
