"""The recruiting page (staff only): open candidate partners ranked by overlap, pipeline fit and similar partners,
each with its reasons, and the candidates already decided on, as `partnerops recruiting rank` and `list` show."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from partnerops.recruiting.candidates import all_candidates
from partnerops.recruiting.ranking import WEIGHTS, rank_candidates
from partnerops.recruiting.statuses import OPEN
from partnerops.settings import Settings
from partnerops.web.access import connection, internal_viewer
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Reading = Annotated[Connection, Depends(connection)]


@router.get("/recruiting")
def recruiting_page(request: Request, viewer: Internal, conn: Reading) -> Response:
    settings: Settings = request.app.state.settings
    ranked = rank_candidates(conn, settings.reporting_currency)
    decided = [c for c in all_candidates(conn) if c.status not in OPEN]
    return render(request, "recruiting.html.j2", viewer, title="Recruiting", ranked=ranked, decided=decided,
                  weights=WEIGHTS)  # fmt: skip
