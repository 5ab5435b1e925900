"""The routing page (staff): agents' proposed offers to confirm or withdraw, offers waiting for an answer with
their deadlines, partners' applications, recent decisions, and partners ranked for a lead with a button to offer
it, as `partnerops routing` gives them. Deciding is for partner managers (and admins)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.program.errors import ProgramForbidden
from partnerops.routing import lifecycle
from partnerops.routing.applications import applications, reject_application
from partnerops.routing.errors import HiddenLead, NoApplication, NoOffer, RoutingConflict, RoutingError, UnknownLead
from partnerops.routing.leads import LeadKind
from partnerops.routing.offers import list_offers
from partnerops.routing.ranking import rank_for_lead
from partnerops.routing.rules import load_rules
from partnerops.routing.statuses import OfferStatus
from partnerops.routing.visibility import visible_lead
from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord, find_record
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.proposed_by import ProposedBy
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
DECIDED = tuple(s.value for s in (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED,
                                  OfferStatus.WITHDRAWN))  # fmt: skip
RECENT = 50


@contextmanager
def routing_page_errors() -> Iterator[None]:
    """Routing's refusals as pages: unknown or unseen 404, a wrong role 403, decided first 409, bad input 400."""
    try:
        yield
    except (UnknownLead, HiddenLead, NoOffer, NoApplication, UnknownRecord) as exc:
        raise PageError(404, f"{exc}.") from exc
    except ProgramForbidden as exc:
        raise PageError(403, f"{exc}.") from exc
    except RoutingConflict as exc:
        raise PageError(409, f"{exc}.") from exc
    except (RoutingError, AmbiguousRecord) as exc:
        raise PageError(400, f"{exc}.") from exc


def lead_kind(form: dict[str, str]) -> LeadKind | None:
    kind = form.get("kind", "")
    return kind if kind in ("deal", "account") else None  # type: ignore[return-value]


@router.get("/routing")
def routing_page(request: Request, viewer: Internal, conn: Reading, engine: Database, lead: str = "",
                 kind: str = "", done: str = "") -> Response:  # fmt: skip
    rules = load_rules()
    chosen, ranked = None, []
    if lead.strip():
        with routing_page_errors():
            chosen = visible_lead(conn, viewer.principal, lead, lead_kind({"kind": kind}))
            ranked = rank_for_lead(conn, chosen, rules)
    offers = list_offers(conn, statuses=(OfferStatus.PROPOSED.value, OfferStatus.OFFERED.value))
    return render(request, "routing.html.j2", viewer, title="Routing", rules=rules, lead=lead, kind=kind,
                  chosen=chosen, ranked=ranked, done=done,
                  proposed=[o for o in offers if o.status == OfferStatus.PROPOSED.value],
                  waiting=[o for o in offers if o.status == OfferStatus.OFFERED.value],
                  decided=list_offers(conn, statuses=DECIDED)[:RECENT], applications=applications(conn),
                  proposed_by=ProposedBy(engine, "routing_offer"))  # fmt: skip


@router.post("/routing/offers")
def offer_lead(viewer: Internal, engine: Database, form: Form) -> Response:
    """Offer the lead to the partner named in the form."""
    with routing_page_errors(), engine.begin() as conn:
        found = visible_lead(conn, viewer.principal, form.get("lead", ""), lead_kind(form))
        partner = find_record(conn, "partner", form.get("partner", "")).id
        made = lifecycle.make_offer(conn, viewer.principal, found, partner, load_rules())
    return _back(f"{made.lead_label} offered to {made.partner_name}; answer by {made.respond_by:%Y-%m-%d %H:%M} UTC")


@router.post("/routing/decisions")
def decide_offer(viewer: Internal, engine: Database, form: Form) -> Response:
    """Confirm an agent's proposed offer, or withdraw an open one."""
    decision = form.get("decision", "")
    if decision not in ("confirm", "withdraw"):
        raise PageError(400, "decision: say confirm or withdraw.")
    with routing_page_errors(), engine.begin() as conn:
        found = visible_lead(conn, viewer.principal, form.get("lead", ""), lead_kind(form))
        partner = find_record(conn, "partner", form.get("partner", "")).id
        if decision == "confirm":
            changed = lifecycle.confirm_offer(conn, viewer.principal, found, partner, load_rules())
        else:
            changed = lifecycle.withdraw_offer(conn, viewer.principal, found, partner,
                                               form.get("reason", "").strip() or None)  # fmt: skip
    return _back(f"{changed.lead_label} to {changed.partner_name}: {changed.status}")


@router.post("/routing/applications/rejection")
def reject_application_page(viewer: Internal, engine: Database, form: Form) -> Response:
    """Turn down the partner's application for the lead, with the reason it reads in the portal."""
    with routing_page_errors(), engine.begin() as conn:
        found = visible_lead(conn, viewer.principal, form.get("lead", ""), lead_kind(form))
        partner = find_record(conn, "partner", form.get("partner", "")).id
        rejected = reject_application(conn, viewer.principal, found, partner, form.get("reason"))
    return _back(f"{rejected.lead.label}: the application of {rejected.partner_name} is rejected")


def _back(done: str) -> Response:
    return RedirectResponse(f"/routing?{urlencode({'done': done})}", status_code=303)
