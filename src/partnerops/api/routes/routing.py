"""API for routing: staff rank partners for a lead and offer it; a partner's user sees only its own partner's
offers (never an agent's unconfirmed proposal), accepts or declines them, and applies for leads open to
applications. Of two partners accepting one lead at once, the second gets 409. Leads are named by the external id,
SYSTEM:ID or exact name of the open deal or account, partners by theirs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy import Connection

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.params import PartnerFilter, PartnerRef, RefIn
from partnerops.api.routes import routing_profiles
from partnerops.api.routes.record_names import resolve
from partnerops.api.routes.routing_http import (
    ApplicationOut,
    KindFilter,
    LeadRef,
    OfferOut,
    application_out,
    offer_out,
    routing_answers,
)
from partnerops.api.validation import StrictBody, TextIn
from partnerops.domain.roles import Principal
from partnerops.program.errors import ProgramForbidden
from partnerops.routing import lifecycle
from partnerops.routing.applications import applications, apply_for_lead, open_leads, reject_application
from partnerops.routing.offers import list_offers
from partnerops.routing.ranking import rank_for_lead
from partnerops.routing.rules import load_rules
from partnerops.routing.statuses import OfferStatus
from partnerops.routing.visibility import visible_lead

router = APIRouter(tags=["routing"])
router.include_router(routing_profiles.router)
StatusFilter = Annotated[list[OfferStatus] | None, Query(description="Only these statuses (repeat for several).")]
Note = Annotated[TextIn | None, Field(default=None, max_length=2_000)]


class PartOut(StrictBody):
    name: str
    share: float
    reason: str


class CandidateOut(StrictBody):
    rank: int
    partner_id: str
    name: str
    tier: str | None
    score: float
    eligible: bool
    parts: list[PartOut]


class OfferIn(StrictBody):
    partner_id: RefIn


class AnswerIn(StrictBody):
    partner_id: RefIn | None = Field(default=None, description="The partner answering (staff recording its answer); "
                                     "a partner's user answers for its own.")  # fmt: skip
    reason: Note = None


class ApplyIn(StrictBody):
    note: Note = None


class RejectIn(StrictBody):
    reason: Annotated[TextIn, Field(min_length=1, max_length=2_000, description="Why: the partner reads it.")]


class OpenLeadOut(StrictBody):
    lead: str
    lead_kind: str
    lead_name: str
    region: str | None
    segment: str | None
    needs: list[str]
    applied: bool


@router.get("/routing/leads/{lead}/candidates", summary="Partners ranked for a lead, with reasons (internal)")
def candidates(lead: LeadRef, engine: DatabaseEngine, principal: InternalPrincipal,
               kind: KindFilter = None) -> list[CandidateOut]:  # fmt: skip
    with routing_answers(), engine.connect() as conn:
        ranked = rank_for_lead(conn, visible_lead(conn, principal, lead, kind), load_rules())
    return [CandidateOut(rank=r.rank, partner_id=r.partner.external_id, name=r.partner.name, tier=r.partner.tier,
                         score=r.score, eligible=r.eligible, parts=[PartOut(**vars(p)) for p in r.parts])
            for r in ranked]  # fmt: skip


@router.post("/routing/leads/{lead}/offers", status_code=201, summary="Offer a lead to a partner (partner managers)")
def offer(lead: LeadRef, body: OfferIn, engine: DatabaseEngine, principal: InternalPrincipal,
          kind: KindFilter = None) -> OfferOut:  # fmt: skip
    with routing_answers(), engine.begin() as conn:
        partner = resolve(conn, "partner", body.partner_id, principal, "partner_id")
        made = lifecycle.make_offer(conn, principal, visible_lead(conn, principal, lead, kind), partner, load_rules())
    return offer_out(made)


@router.get("/routing/offers", summary="Offers: a partner's user sees its own partner's")
def offers(engine: DatabaseEngine, principal: CurrentPrincipal, partner_id: PartnerFilter = None,
           status: StatusFilter = None) -> list[OfferOut]:  # fmt: skip
    with routing_answers(), engine.connect() as conn:
        owner = _partner(conn, principal, partner_id)
        found = list_offers(conn, partner_id=owner, statuses=tuple(s.value for s in status or ()))
    if principal.is_partner:
        found = [o for o in found if o.status != OfferStatus.PROPOSED.value]
    return [offer_out(o) for o in found]


def _partner(conn: Connection, principal: Principal, ref: str | None) -> int | None:
    """The partner named (a partner's user: only its own, else a 404), a partner user's own when none."""
    named = None if ref is None else resolve(conn, "partner", ref, principal, "partner_id")
    return principal.partner_id if principal.is_partner else named


def _answer(action: str, lead: str, body: AnswerIn, engine: DatabaseEngine, principal: Principal,
            kind: str | None) -> OfferOut:  # fmt: skip
    with routing_answers(), engine.begin() as conn:
        partner = _partner(conn, principal, body.partner_id)
        if partner is None:
            raise ProgramForbidden("name the partner whose answer this is (partner_id)")
        found = visible_lead(conn, principal, lead, kind)
        if action == "accept":
            return offer_out(lifecycle.accept_offer(conn, principal, found, partner))
        if action == "decline":
            return offer_out(lifecycle.decline_offer(conn, principal, found, partner, body.reason))
        return offer_out(lifecycle.withdraw_offer(conn, principal, found, partner, body.reason))


@router.post("/routing/leads/{lead}/accept", summary="Accept the offer of a lead (409 when another partner took it)")
def accept(lead: LeadRef, body: AnswerIn, engine: DatabaseEngine, principal: CurrentPrincipal,
           kind: KindFilter = None) -> OfferOut:  # fmt: skip
    return _answer("accept", lead, body, engine, principal, kind)


@router.post("/routing/leads/{lead}/decline", summary="Decline the offer of a lead")
def decline(lead: LeadRef, body: AnswerIn, engine: DatabaseEngine, principal: CurrentPrincipal,
            kind: KindFilter = None) -> OfferOut:  # fmt: skip
    return _answer("decline", lead, body, engine, principal, kind)


@router.post("/routing/leads/{lead}/withdraw", summary="Withdraw an offer of a lead (partner managers)")
def withdraw(lead: LeadRef, body: AnswerIn, engine: DatabaseEngine, principal: InternalPrincipal,
             kind: KindFilter = None) -> OfferOut:  # fmt: skip
    return _answer("withdraw", lead, body, engine, principal, kind)


@router.get("/routing/leads", summary="Leads open to applications, with whether your partner applied")
def leads(engine: DatabaseEngine, principal: CurrentPrincipal) -> list[OpenLeadOut]:
    with engine.connect() as conn:
        found = open_leads(conn, principal.partner_id)
    return [OpenLeadOut(lead=o.lead.external_id, lead_kind=o.lead.kind, lead_name=o.lead.name, region=o.lead.region,
                        segment=o.lead.segment, needs=list(o.row.needs), applied=o.applied) for o in found]  # fmt: skip


@router.post("/routing/leads/{lead}/applications", status_code=201, summary="Apply for a lead (a partner's user)")
def apply(lead: LeadRef, body: ApplyIn, engine: DatabaseEngine, principal: CurrentPrincipal,
          kind: KindFilter = None) -> ApplicationOut:  # fmt: skip
    with routing_answers(), engine.begin() as conn:
        return application_out(apply_for_lead(conn, principal, visible_lead(conn, principal, lead, kind), body.note))


@router.post("/routing/leads/{lead}/applications/{partner}/rejection",
             summary="Reject a partner's application for a lead, with the reason it reads (partner managers)")
def reject(lead: LeadRef, partner: PartnerRef, body: RejectIn, engine: DatabaseEngine, principal: InternalPrincipal,
           kind: KindFilter = None) -> ApplicationOut:  # fmt: skip
    with routing_answers(), engine.begin() as conn:
        applicant = resolve(conn, "partner", partner, principal)
        found = visible_lead(conn, principal, lead, kind)
        return application_out(reject_application(conn, principal, found, applicant, body.reason))


@router.get("/routing/applications", summary="Applications for leads: a partner's user sees its own partner's")
def list_applications(engine: DatabaseEngine, principal: CurrentPrincipal,
                      partner_id: PartnerFilter = None) -> list[ApplicationOut]:  # fmt: skip
    with routing_answers(), engine.connect() as conn:
        return [application_out(a) for a in applications(conn, _partner(conn, principal, partner_id))]
