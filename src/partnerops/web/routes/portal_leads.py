"""The portal's leads: the offers made to the viewer's partner with their deadlines, to accept or decline; the
leads open to applications, to apply for; and the partner's applications. Always the viewer's own partner: a lead
it may not see answers as one that does not exist."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.routing import lifecycle
from partnerops.routing.applications import applications, apply_for_lead, open_leads
from partnerops.routing.offers import list_offers
from partnerops.routing.statuses import OfferStatus
from partnerops.routing.visibility import visible_lead
from partnerops.web.access import checked_form, connection, engine_of, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.rendering import render
from partnerops.web.routes.routing import lead_kind, routing_page_errors
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
PATH = "/portal/leads"


def _partner(viewer: Viewer) -> int:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    return partner_id


@router.get(PATH)
def leads_page(request: Request, viewer: Partner, conn: Reading, done: str = "") -> Response:
    mine = [o for o in list_offers(conn, partner_id=_partner(viewer)) if o.status != OfferStatus.PROPOSED.value]
    return render(request, "portal_leads.html.j2", viewer, title="Leads for you", done=done,
                  waiting=[o for o in mine if o.status == OfferStatus.OFFERED.value],
                  answered=[o for o in mine if o.status != OfferStatus.OFFERED.value],
                  open_leads=open_leads(conn, _partner(viewer)),
                  applications=applications(conn, _partner(viewer)))  # fmt: skip


@router.post(f"{PATH}/answer")
def answer_offer(viewer: Partner, engine: Database, form: Form) -> Response:
    """Accept or decline an offer to the viewer's own partner (a partner named in the form is ignored)."""
    decision = form.get("decision", "")
    if decision not in ("accept", "decline"):
        raise PageError(400, "decision: say accept or decline.")
    with routing_page_errors(), engine.begin() as conn:
        found = visible_lead(conn, viewer.principal, form.get("lead", ""), lead_kind(form))
        if decision == "accept":
            offer = lifecycle.accept_offer(conn, viewer.principal, found, _partner(viewer))
        else:
            offer = lifecycle.decline_offer(conn, viewer.principal, found, _partner(viewer),
                                            form.get("reason", "").strip() or None)  # fmt: skip
    return _back(f"{offer.lead_label}: {offer.status}")


@router.post(f"{PATH}/apply")
def apply(viewer: Partner, engine: Database, form: Form) -> Response:
    """Apply for a lead open to applications, for the viewer's own partner."""
    with routing_page_errors(), engine.begin() as conn:
        found = visible_lead(conn, viewer.principal, form.get("lead", ""), lead_kind(form))
        made = apply_for_lead(conn, viewer.principal, found, form.get("note", "").strip() or None)
    return _back(f"applied for {made.lead.label}")


def _back(done: str) -> Response:
    return RedirectResponse(f"{PATH}?{urlencode({'done': done})}", status_code=303)
