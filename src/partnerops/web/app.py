"""The web application: the JSON API with the pages and their static assets mounted beside it."""

from __future__ import annotations

import threading
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from partnerops.api.app import create_app
from partnerops.api.hardening import log_json_lines
from partnerops.mcp.http import mount_mcp
from partnerops.settings import Settings, get_settings
from partnerops.store.database import make_engine
from partnerops.web.dashboard import DashboardCache
from partnerops.web.errors import install_page_errors
from partnerops.web.routes import web_router

__all__ = ["create_served_app", "create_web_app"]


def create_served_app() -> FastAPI:
    """What `partnerops serve` runs in each worker: the app from the environment, logging JSON lines."""
    settings = get_settings()
    log_json_lines(settings.log_level)
    return create_web_app(settings=settings)


def create_web_app(
    engine: Engine | None = None, settings: Settings | None = None, *, warm_dashboard: bool = True
) -> FastAPI:
    """The API under /api/v1, the MCP tools at /mcp and the pages at the root, over `engine` (migrate the database
    first).

    With `warm_dashboard` the dashboard is computed in the background as the app is made, so the first
    visitor of each worker process does not wait seconds for it."""
    settings = settings or get_settings()
    engine = engine if engine is not None else make_engine(settings.database_url)
    app = create_app(engine, settings, extra_routers=[web_router()])
    mount_mcp(app, engine, settings)
    app.mount("/static", StaticFiles(directory=str(files("partnerops.web") / "static")), name="static")
    app.state.dashboard_cache = cache = DashboardCache(engine, settings.reporting_currency)
    if warm_dashboard:
        threading.Thread(target=cache.current, name="dashboard-warm-up", daemon=True).start()
    install_page_errors(app)
    return app
