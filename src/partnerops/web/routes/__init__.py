"""The page routes, one module per area; `web_router` gathers them."""

from __future__ import annotations

from fastapi import APIRouter

from partnerops.web.routes import (
    assistant,
    audit,
    commissions,
    conflicts,
    dashboard,
    jobs,
    mapping,
    mapping_review,
    mcp_calls,
    opportunities,
    partner_admin,
    partner_score,
    partners,
    passwords,
    portal,
    portal_earnings,
    portal_leads,
    portal_payment_details,
    portal_uploads,
    program,
    quarantine,
    recruiting,
    referral,
    registrations,
    routing,
    setup,
    signals,
    signin,
    sync_runs,
    tokens,
    touches,
    users,
)

__all__ = ["AREAS", "web_router"]

# Every page area; tests walk their routes to prove each one keeps a partner user to its own data.
AREAS = (
    signin,
    dashboard,
    partners,
    opportunities,
    registrations,
    touches,
    quarantine,
    audit,
    conflicts,
    portal,
    signals,
    mapping,
    mapping_review,
    commissions,
    program,
    assistant,
    users,
    passwords,
    referral,
    portal_earnings,
    portal_uploads,
    portal_payment_details,
    jobs,
    sync_runs,
    setup,
    partner_admin,
    tokens,
    mcp_calls,
    partner_score,
    recruiting,
    routing,
    portal_leads,
)


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for area in AREAS:
        router.include_router(area.router)
    return router
