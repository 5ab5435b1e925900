"""The portal's earnings page: what the partner earned, in its own currency, with the next payout, a chart over
time, its statements by period and every commission line explained. Scoped to the viewer's partner in SQL."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from partnerops.commissions.earnings import RATE_RULE, partner_earnings
from partnerops.settings import Settings
from partnerops.web.access import connection, partner_viewer
from partnerops.web.bar_chart import bar_chart
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Reading = Annotated[Connection, Depends(connection)]

# The chart shows the latest two years of months; the lines table holds them all.
CHART_MONTHS = 24


@router.get("/portal/earnings")
def my_earnings(request: Request, viewer: Partner, conn: Reading) -> Response:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    settings: Settings = request.app.state.settings
    earnings = partner_earnings(conn, partner_id, date.today(), settings.reporting_currency)
    chart = bar_chart(earnings.months[-CHART_MONTHS:], f"Commission earned per month, in {earnings.currency}")
    return render(request, "portal_earnings.html.j2", viewer, title="My earnings", earnings=earnings, chart=chart,
                  rate_rule=RATE_RULE)  # fmt: skip
