"""The partner list and one partner's page (internal users)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from partnerops.web.access import connection, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.partners import get_partner, list_partners, partner_deals
from partnerops.web.queries.touches import partner_touches
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Reading = Annotated[Connection, Depends(connection)]


@router.get("/partners")
def partner_list(request: Request, viewer: Internal, conn: Reading) -> Response:
    return render(request, "partners.html.j2", viewer, title="Partners", partners=list_partners(conn))


@router.get("/partners/{partner_id}")
def partner_page(request: Request, partner_id: int, viewer: Internal, conn: Reading) -> Response:
    partner = get_partner(conn, partner_id)
    if partner is None:
        raise PageError(404, f"There is no partner {partner_id}.")
    return render(
        request, "partner.html.j2", viewer, title=partner.name, partner=partner, partner_name=partner.name,
        deals=partner_deals(conn, partner_id), touches=partner_touches(conn, partner_id, limit=50),
    )  # fmt: skip
