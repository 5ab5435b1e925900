"""The opportunity list and one deal's page with its partners and touches (internal users); pages name a deal by
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
from partnerops.web.queries.opportunities import (
    OPPORTUNITY_LIST,
    attributed_partners,
    opportunity_count_base,
    opportunity_facts,
    opportunity_list,
)
from partnerops.web.queries.touches import DEAL_TOUCH_LIST, touch_list
from partnerops.web.record_pages import live_record
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]


@router.get("/opportunities")
def opportunity_list_page(request: Request, viewer: Internal, engine: Database) -> Response:
    return list_response(request, viewer, engine, opportunity_list(), OPPORTUNITY_LIST, "opportunities.html.j2",
                         narrow=opportunity_count_base(), title="Opportunities")


@router.get("/opportunities/{opportunity_ref}")
def opportunity_page(request: Request, opportunity_ref: str, viewer: Internal, engine: Database) -> Response:
    """The deal's facts, the partners attributed on it, and its touches, paged."""
    with engine.connect() as conn:
        deal = opportunity_facts(conn, live_record(conn, "opportunity", opportunity_ref).id)
        if deal is None:
            raise PageError(404, f"There is no opportunity {opportunity_ref!r}.")
        on_deal = attributed_partners(conn, int(str(deal["id"])))
    query = touch_list().where(touches.c.opportunity_id == deal["id"])
    return list_response(request, viewer, engine, query, DEAL_TOUCH_LIST, "opportunity.html.j2",
                         title=str(deal["name"]), deal=deal, on_deal=on_deal)
