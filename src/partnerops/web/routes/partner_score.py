"""A partner's score (win rate, deal size and cycle time with and without it): on the partner's own page for
staff, and in the portal for the partner's users, who see only their own partner's score."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select

from partnerops.ecosystem.partner_score import MINIMUM_WON, partner_score
from partnerops.settings import Settings
from partnerops.store.tables import partners
from partnerops.web.access import connection, internal_viewer, partner_viewer
from partnerops.web.record_pages import live_record
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Partner = Annotated[Viewer, Depends(partner_viewer)]
Reading = Annotated[Connection, Depends(connection)]


@router.get("/partners/{partner_ref}/score")
def partner_score_page(request: Request, partner_ref: str, viewer: Internal, conn: Reading) -> Response:
    found = live_record(conn, "partner", partner_ref)
    return _page(request, viewer, conn, found.id, back=f"/partners/{partner_ref}")


@router.get("/portal/score")
def my_score(request: Request, viewer: Partner, conn: Reading) -> Response:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    return _page(request, viewer, conn, partner_id, back=None)


def _page(request: Request, viewer: Viewer, conn: Reading, partner_id: int, back: str | None) -> Response:
    settings: Settings = request.app.state.settings
    name = conn.execute(select(partners.c.name).where(partners.c.id == partner_id)).scalar_one()
    score = partner_score(conn, partner_id, settings.reporting_currency)
    return render(request, "partner_score.html.j2", viewer, title=f"{name}: partner score", partner_name=name,
                  score=score, minimum_won=MINIMUM_WON, back=back)  # fmt: skip
