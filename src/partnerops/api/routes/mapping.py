"""API for account mapping: overlap with each partner, co-sell targets, match review and sharing levels.

Internal users see every partner's overlap in full; a partner's user sees only its own, within the
sharing level its partner manager set (404 for any other partner, as if it did not exist). The partner is named
by its external id (SYSTEM:ID or exact name too) in paths; answers give `partner_id` and `our_account_id` as our
external ids and `their_account_id` as the id in the partner's own account list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import Connection, select

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, require_roles
from partnerops.api.errors import not_found
from partnerops.api.params import PartnerRef, RecordId
from partnerops.api.routes.record_names import external_ids, resolve
from partnerops.api.validation import StrictBody
from partnerops.domain.roles import Principal, Role
from partnerops.mapping.errors import UnknownMatch
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter
from partnerops.mapping.review import Decision, MatchRow, decide_match, list_matches
from partnerops.mapping.sharing import SharingLevel, set_sharing_level, visible_overlap
from partnerops.store.mapping_tables import partner_accounts

router = APIRouter(tags=["mapping"])
Reviewer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER))]


class OverlapOut(BaseModel):
    partner_id: str
    sharing_level: SharingLevel
    counts: dict[str, int] | None
    accounts: list[dict[str, Any]] | None
    awaiting_review: int | None


class DecisionIn(StrictBody):
    decision: Decision


class SharingIn(StrictBody):
    level: SharingLevel


class MatchOut(BaseModel):
    id: int
    partner_id: str
    their_name: str
    their_domain: str | None
    our_account_id: str
    our_name: str
    our_domain: str | None
    tier: str
    score: float
    status: str


def _matches_out(conn: Connection, found: list[MatchRow]) -> list[MatchOut]:
    partners = external_ids(conn, "partner", (m.partner_id for m in found))
    ours = external_ids(conn, "account", (m.our_account_id for m in found))
    return [MatchOut.model_validate(vars(m) | {"partner_id": partners[m.partner_id],
                                               "our_account_id": ours[m.our_account_id]}) for m in found]  # fmt: skip


def _their_ids(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's `their_account_id` as the partner's own id for the account, never our row number."""
    ids = {row["their_account_id"] for row in rows if row.get("their_account_id") is not None}
    pa = partner_accounts.c
    names: dict[int, str] = {}
    if ids:
        names = {int(r[0]): str(r[1]) for r in conn.execute(select(pa.id, pa.external_id).where(pa.id.in_(ids)))}
    return [row | {"their_account_id": names.get(row["their_account_id"])} if "their_account_id" in row else row
            for row in rows]  # fmt: skip


@router.get("/mapping/partners/{partner_id}/overlap", response_model=OverlapOut)
def partner_overlap(partner_id: PartnerRef, principal: CurrentPrincipal, engine: DatabaseEngine,
                    category: OverlapCategory | None = None, segment: Annotated[str | None, Query()] = None,
                    region: Annotated[str | None, Query()] = None) -> OverlapOut:
    """Counts per category and the accounts, as far as the viewer may see them."""
    with engine.connect() as conn:
        partner = resolve(conn, "partner", partner_id, principal)
        view = visible_overlap(conn, principal, partner, OverlapFilter(category, segment, region))
        rows = None if view.rows is None else _their_ids(conn, view.rows.to_dicts())
        name = external_ids(conn, "partner", [partner])[partner]
    return OverlapOut(partner_id=name, sharing_level=view.level,
                      counts=None if view.counts is None else {c.value: n for c, n in view.counts.items()},
                      accounts=rows, awaiting_review=view.awaiting_review)


@router.get("/mapping/partners/{partner_id}/matches", response_model=list[MatchOut])
def partner_matches(partner_id: PartnerRef, principal: Reviewer, engine: DatabaseEngine,
                    status: MatchStatus | None = None) -> list[MatchOut]:
    """Matches with their tier and score (internal reviewers only)."""
    with engine.connect() as conn:
        return _matches_out(conn, list_matches(conn, resolve(conn, "partner", partner_id, principal), status))


@router.post("/mapping/matches/{match_id}/decision", response_model=MatchOut)
def decide(match_id: RecordId, body: DecisionIn, principal: Reviewer, engine: DatabaseEngine) -> MatchOut:
    """Confirm or reject a match; remembered across every later matching run."""
    try:
        decided = decide_match(engine, match_id, body.decision, principal.email)
    except UnknownMatch as exc:
        raise not_found("match") from exc
    with engine.connect() as conn:
        return _matches_out(conn, [decided])[0]


@router.put("/mapping/partners/{partner_id}/sharing", response_model=SharingIn)
def set_sharing(partner_id: PartnerRef, body: SharingIn, principal: Reviewer, engine: DatabaseEngine) -> SharingIn:
    """Set what the partner's users may see of the overlap."""
    with engine.connect() as conn:
        partner = resolve(conn, "partner", partner_id, principal)
    set_sharing_level(engine, partner, body.level, principal.email)
    return SharingIn(level=body.level)
