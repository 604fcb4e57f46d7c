"""FastAPI app factory. Each module in ROUTER_MODULES exposes `router: fastapi.APIRouter`;
adding an API area is one line here. Shared state (settings, ES client) comes from `deps`."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from elasticsearch import ApiError, TransportError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from mediamon import __version__
from mediamon.query import QuerySyntaxError
from mediamon.search import SearchParamError, open_search
from mediamon.search.local.engine import LocalIndexError
from mediamon.settings import Settings

ROUTER_MODULES = (
    "mediamon.api.search",
    "mediamon.api.alerts",
)


def create_api(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.search = open_search(settings)
        try:
            yield
        finally:
            await app.state.search.close()

    app = FastAPI(title="mediamon", version=__version__, lifespan=lifespan,
                  description="Search multilingual news monitored by mediamon (CSTO, the war in Ukraine, …).")
    app.state.settings = settings

    @app.exception_handler(QuerySyntaxError)
    async def bad_query(request: Request, exc: QuerySyntaxError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": exc.reason, "position": exc.position,
                                                      "message": str(exc)})

    @app.exception_handler(SearchParamError)
    async def bad_param(request: Request, exc: SearchParamError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.exception_handler(LocalIndexError)
    async def local_index_unavailable(request: Request, exc: LocalIndexError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"the search index is unavailable: {exc}"})

    @app.exception_handler(ApiError)
    @app.exception_handler(TransportError)
    async def search_backend_down(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"Elasticsearch failed: {exc}"})

    for module in ROUTER_MODULES:
        app.include_router(importlib.import_module(module).router)
    return app
