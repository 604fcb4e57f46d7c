"""The HTTP API: `create_api(settings)` builds a FastAPI app from the routers in `ROUTER_MODULES`."""

from apps.api.app import ROUTER_MODULES, create_api

__all__ = ["ROUTER_MODULES", "create_api"]
