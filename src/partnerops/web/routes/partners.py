"""The partner list and one partner's page with its deals and touches (internal users); pages name a partner by
its external id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.store.tables import touches
from partnerops.web.access import engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import list_response
from partnerops.web.queries.partners import (
    PARTNER_DEAL_LIST,
    PARTNER_LIST,
    PartnerRow,
    get_partner,
    partner_count_base,
    partner_deal_list,
    partner_list,
)
from partnerops.web.queries.touches import PARTNER_TOUCH_LIST, touch_list
from partnerops.web.record_pages import live_record
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]


@router.get("/partners")
def partner_list_page(request: Request, viewer: Internal, engine: Database) -> Response:
    return list_response(request, viewer, engine, partner_list(), PARTNER_LIST, "partners.html.j2",
                         narrow=partner_count_base(), title="Partners")


@router.get("/partners/{partner_ref}")
def partner_page(request: Request, partner_ref: str, viewer: Internal, engine: Database) -> Response:
    """The partner's facts and its attributed deals, paged."""
    partner = _partner(engine, partner_ref)
    return list_response(
        request, viewer, engine, partner_deal_list(partner.id), PARTNER_DEAL_LIST, "partner.html.j2",
        title=partner.name, partner=partner, partner_name=partner.name,
    )  # fmt: skip


@router.get("/partners/{partner_ref}/touches")
def partner_touches_page(request: Request, partner_ref: str, viewer: Internal, engine: Database) -> Response:
    partner = _partner(engine, partner_ref)
    return list_response(
        request, viewer, engine, touch_list().where(touches.c.partner_id == partner.id),
        PARTNER_TOUCH_LIST, "partner_touches.html.j2", title=f"{partner.name}: touches", partner=partner,
    )  # fmt: skip


def _partner(engine: Engine, ref: str) -> PartnerRow:
    with engine.connect() as conn:
        found = get_partner(conn, live_record(conn, "partner", ref).id)
    if found is None:
        raise PageError(404, f"There is no partner {ref!r}.")
    return found
