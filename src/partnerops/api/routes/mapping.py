"""API for account mapping: overlap with each partner, co-sell targets, match review and sharing levels.

Internal users see every partner's overlap in full; a partner's user sees only its own, within the
sharing level its partner manager set (404 for any other partner, as if it did not exist)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import Connection

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, require_roles
from partnerops.api.errors import not_found
from partnerops.api.params import RecordId
from partnerops.api.validation import StrictBody
from partnerops.domain.roles import Principal, Role
from partnerops.mapping.errors import UnknownMatch, UnknownPartner
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter
from partnerops.mapping.partner_lists import partner_by_id
from partnerops.mapping.review import Decision, MatchRow, decide_match, list_matches
from partnerops.mapping.sharing import SharingLevel, set_sharing_level, visible_overlap

router = APIRouter(tags=["mapping"])
Reviewer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER))]


class OverlapOut(BaseModel):
    partner_id: int
    sharing_level: SharingLevel
    counts: dict[str, int] | None
    accounts: list[dict[str, Any]] | None
    awaiting_review: int | None


class DecisionIn(StrictBody):
    decision: Decision


class SharingIn(StrictBody):
    level: SharingLevel


def _visible_partner(conn: Connection, principal: Principal, partner_id: int) -> None:
    if not principal.may_see_partner(partner_id):
        raise not_found("partner")
    try:
        partner_by_id(conn, partner_id)
    except UnknownPartner as exc:
        raise not_found("partner") from exc


@router.get("/mapping/partners/{partner_id}/overlap", response_model=OverlapOut)
def partner_overlap(partner_id: RecordId, principal: CurrentPrincipal, engine: DatabaseEngine,
                    category: OverlapCategory | None = None, segment: Annotated[str | None, Query()] = None,
                    region: Annotated[str | None, Query()] = None) -> OverlapOut:
    """Counts per category and the accounts, as far as the viewer may see them."""
    with engine.connect() as conn:
        _visible_partner(conn, principal, partner_id)
        view = visible_overlap(conn, principal, partner_id, OverlapFilter(category, segment, region))
    return OverlapOut(partner_id=partner_id, sharing_level=view.level,
                      counts=None if view.counts is None else {c.value: n for c, n in view.counts.items()},
                      accounts=None if view.rows is None else view.rows.to_dicts(),
                      awaiting_review=view.awaiting_review)


@router.get("/mapping/partners/{partner_id}/matches", response_model=list[MatchRow])
def partner_matches(partner_id: RecordId, principal: Reviewer, engine: DatabaseEngine,
                    status: MatchStatus | None = None) -> list[MatchRow]:
    """Matches with their tier and score (internal reviewers only)."""
    with engine.connect() as conn:
        _visible_partner(conn, principal, partner_id)
        return list_matches(conn, partner_id, status)


@router.post("/mapping/matches/{match_id}/decision", response_model=MatchRow)
def decide(match_id: RecordId, body: DecisionIn, principal: Reviewer, engine: DatabaseEngine) -> MatchRow:
    """Confirm or reject a match; remembered across every later matching run."""
    try:
        return decide_match(engine, match_id, body.decision, principal.email)
    except UnknownMatch as exc:
        raise not_found("match") from exc


@router.put("/mapping/partners/{partner_id}/sharing", response_model=SharingIn)
def set_sharing(partner_id: RecordId, body: SharingIn, principal: Reviewer, engine: DatabaseEngine) -> SharingIn:
    """Set what the partner's users may see of the overlap."""
    with engine.connect() as conn:
        _visible_partner(conn, principal, partner_id)
    set_sharing_level(engine, partner_id, body.level, principal.email)
    return SharingIn(level=body.level)
