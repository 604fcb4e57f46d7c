"""Console pages, UI strings and static files (plotly.js comes from the installed plotly wheel)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly
import yaml
from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

HERE = Path(__file__).parent
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# Scripts only from this origin (no inline script, no CDN); plotly sets inline styles on its charts
# and exports PNG/SVG through data: and blob: URLs.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
PAGES = ("live", "search", "trends", "stories", "alerts", "sources")
CHART_PAGES = {"trends"}
PUBLIC_PAGES = frozenset({"/", "/console/", "/console/strings.json", "/console/vendor/plotly.min.js", "/console/static",
                          "/console/article/{article_id}", *(f"/console/{page}" for page in PAGES)})

templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def ui_strings() -> dict[str, dict[str, Any]]:
    """UI strings per language, each with the IPTC topic labels in that language (facets show names, not ids)."""
    from processors.iptc.rules import load_taxonomy

    taxonomy = load_taxonomy()
    texts: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))
    return {lang: {**strings, "topic_names": {tid: taxonomy.label(tid, lang) for tid in taxonomy.topics}}
            for lang, strings in texts.items()}


def _page(request: Request, page: str) -> HTMLResponse:
    context: dict[str, Any] = {"page": page, "charts": page in CHART_PAGES,
                               "languages": {code: texts["language_name"] for code, texts in ui_strings().items()}}
    return templates.TemplateResponse(request, f"{page}.html", context, headers=SECURITY_HEADERS)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/console/")


@router.get("/console/")
def live_page(request: Request) -> HTMLResponse:
    return _page(request, "live")


@router.get("/console/article/{article_id}")
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """The id is read by the page's script from its own URL: the server puts nothing of it in the HTML."""
    return _page(request, "article")


def _named_page(page: str) -> Any:
    def show(request: Request) -> HTMLResponse:
        return _page(request, page)

    show.__name__ = f"{page}_page"
    return show


for _name in PAGES:
    router.add_api_route(f"/console/{_name}", _named_page(_name), methods=["GET"], include_in_schema=False)


@router.get("/console/strings.json")
def strings() -> JSONResponse:
    return JSONResponse(ui_strings(), headers={"Cache-Control": "max-age=300"})


@router.get("/console/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


def mount(app: FastAPI) -> None:
    """Pages, strings, our scripts and styles, and plotly.js; none of them carries data."""
    app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
