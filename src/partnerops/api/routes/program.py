"""API for the program: the onboarding checklist, tier gap and tier reviews, and partner health; the MDF routes
come from their own router, included here. A partner user sees only its own partner's; decisions are internal.
The partner is named by its external id (SYSTEM:ID or exact name too) in paths, and `partner_id` in answers is
its external id."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter
from sqlalchemy import Connection

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.params import PartnerRef, RecordId
from partnerops.api.routes import mdf
from partnerops.api.routes.program_http import ReasonIn, program_answers
from partnerops.api.routes.record_names import external_ids, resolve
from partnerops.program import health, lifecycle, tier_reviews, tiers
from partnerops.program.program_settings import load_program_settings

router = APIRouter(tags=["program"])
# First, so the MDF routes keep their place ahead of the routes below; the app includes only this router.
router.include_router(mdf.router)


@router.get("/partners/{partner_id}/checklist", summary="The partner's onboarding checklist")
def checklist(partner_id: PartnerRef, engine: DatabaseEngine, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    with program_answers(), engine.connect() as conn:
        items = lifecycle.checklist(conn, principal, resolve(conn, "partner", partner_id, principal),
                                    load_program_settings())
    return [{"item": i.item, "done": i.done, "done_on": i.done_on} for i in items]


@router.get("/partners/{partner_id}/tier-gap", summary="The partner's tier, the next one and what is missing")
def tier_gap(partner_id: PartnerRef, engine: DatabaseEngine, principal: CurrentPrincipal) -> dict[str, Any]:
    with program_answers(), engine.connect() as conn:
        gap = tiers.next_tier_gap(conn, resolve(conn, "partner", partner_id, principal), datetime.now(UTC).date())
    return {"current_tier": gap.current_tier, "earned_tier": gap.earned_tier, "next_tier": gap.next_tier,
            "currency": gap.currency, "criteria": [c.to_json() | {"missing": str(c.missing)} for c in gap.checks]}


def _reviews_out(conn: Connection, found: list[tier_reviews.TierReview]) -> list[dict[str, Any]]:
    names = external_ids(conn, "partner", (r.partner_id for r in found))
    return [vars(r) | {"partner_id": names[r.partner_id]} for r in found]


@router.get("/tier-reviews", summary="Tier review proposals (internal)")
def list_tier_reviews(engine: DatabaseEngine, principal: InternalPrincipal,
                      period: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    with program_answers(), engine.connect() as conn:
        return _reviews_out(conn, tier_reviews.list_tier_reviews(conn, principal, period))


@router.post("/tier-reviews/{review_id}/{decision}", summary="Accept or reject a tier review (internal)")
def decide_tier_review(review_id: RecordId, decision: str, engine: DatabaseEngine, principal: InternalPrincipal,
                       body: ReasonIn | None = None) -> dict[str, Any]:  # fmt: skip
    with program_answers(), engine.begin() as conn:
        if decision == "accept":
            return _reviews_out(conn, [tier_reviews.accept_tier_review(conn, principal, review_id)])[0]
        if decision == "reject":
            reason = body.reason if body else ""
            return _reviews_out(conn, [tier_reviews.reject_tier_review(conn, principal, review_id, reason)])[0]
    raise ApiError(404, f"no tier review decision {decision!r}: accept or reject")


@router.get("/partners/{partner_id}/health", summary="The partner's latest health score, explained (internal)")
def partner_health(partner_id: PartnerRef, engine: DatabaseEngine, principal: InternalPrincipal) -> dict[str, Any]:
    with engine.connect() as conn:
        found = health.latest_score(conn, resolve(conn, "partner", partner_id, principal), date.max)
    if found is None:
        raise ApiError(404, f"partner {partner_id!r} has no health score yet: `partnerops health score` computes them")
    return {"score": found.score, "scored_on": found.scored_on, "change": found.change,
            "inputs": [vars(i) | {"change": i.change} for i in found.inputs]}  # fmt: skip
