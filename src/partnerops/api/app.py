"""The application factory: the JSON API under /api/v1 over one engine, plus any routers the pages add."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine

from partnerops.api.docs import install_docs
from partnerops.api.errors import ERROR_RESPONSES, install_error_handlers
from partnerops.api.hardening import BodyLimit, RequestLog, SecurityHeaders
from partnerops.api.routes import (
    accounts,
    assistant,
    attribution,
    commissions,
    health,
    import_conflicts,
    mapping,
    opportunities,
    partners,
    payment_webhooks,
    program,
    psi,
    recruiting,
    registrations,
    reports,
    routing,
    session,
    signals,
    touches,
    users,
)
from partnerops.settings import Settings, get_settings
from partnerops.store.database import make_engine

__all__ = ["API_PREFIX", "api_router", "create_app"]

API_PREFIX = "/api/v1"
_RESOURCES = (
    session, partners, accounts, opportunities, touches, attribution, reports, registrations,
    signals, mapping, psi, commissions, program, assistant, import_conflicts, users, payment_webhooks,
    recruiting, routing,
)  # fmt: skip


def api_router() -> APIRouter:
    """Every resource's router, with the shared error responses documented."""
    router = APIRouter(responses=ERROR_RESPONSES)
    for resource in _RESOURCES:
        router.include_router(resource.router)
    return router


def create_app(
    engine: Engine | None = None, settings: Settings | None = None, extra_routers: Sequence[APIRouter] = ()
) -> FastAPI:
    """The app over `engine` (default: a new engine on the settings' database URL; migrate it first).

    `extra_routers` are mounted at the root after the API, e.g. the web pages.
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="PartnerOps",
        version="1",
        summary="Partners, deals, touches, attribution and the impact report.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served from the package by install_docs: offline, no inline script
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.engine = engine if engine is not None else make_engine(settings.database_url)
    app.state.settings = settings
    install_error_handlers(app)
    install_docs(app, f"{API_PREFIX}/docs")
    # Outermost last: the log sees every answer, the body bound runs before any route reads a body.
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestLog)
    app.include_router(health.router)
    app.include_router(api_router(), prefix=API_PREFIX)
    for router in extra_routers:
        app.include_router(router)
    return app
