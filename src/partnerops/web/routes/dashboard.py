"""The dashboard: impact KPIs, win rate partner-attached against direct, attribution mix and pipeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from partnerops.analytics.currency import InvalidRate, MissingRate
from partnerops.domain.enums import Tier
from partnerops.web.access import current_viewer
from partnerops.web.dashboard import DashboardCache, rate_gap
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()


@router.get("/")
async def dashboard(request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]) -> Response:
    """Served on the event loop from the cache; only the cache's freshness check (a read) and, after a new
    attribution run, the rebuild go to the threadpool, so the page never queues behind a registration."""
    if viewer.principal.is_partner:
        return RedirectResponse("/portal", status_code=303)
    cache: DashboardCache = request.app.state.dashboard_cache
    tiers = [tier.value for tier in Tier]
    try:
        figures = await run_in_threadpool(cache.current)
    except (MissingRate, InvalidRate) as problem:
        # A deal in a currency without a rate stops the figures, not the page: say which rate and which deals.
        gap = await run_in_threadpool(rate_gap, request.app.state.engine, problem, cache.currency)
        return render(request, "dashboard.html.j2", viewer, title="Dashboard", dashboard=None, rate_gap=gap,
                      tiers=tiers)
    return render(request, "dashboard.html.j2", viewer, title="Dashboard", dashboard=figures, tiers=tiers)
