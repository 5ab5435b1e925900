"""Tier reviews at a period's end: a proposal per partner whose measures earn another tier than it holds,
with every criterion met or missed; a partner manager accepts (the tier changes) or rejects. Audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, select, true

from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, check_visible, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import InvalidProgramInput, InvalidTransition, ProgramNotFound
from partnerops.program.periods import parse_period
from partnerops.program.program_settings import ProgramSettings
from partnerops.program.tier_metrics import TierMetrics, tier_metrics
from partnerops.program.tiers import checks_for, earned_level
from partnerops.store.program_tables import tier_reviews
from partnerops.store.tables import partners

PROPOSED, ACCEPTED, REJECTED = "proposed", "accepted", "rejected"


@dataclass(frozen=True)
class TierReview:
    id: int
    partner_id: int
    partner_name: str
    period: str
    current_tier: str | None
    proposed_tier: str
    direction: str
    criteria: dict[str, Any]
    criteria_version: str
    status: str
    decided_by: str | None
    decision_reason: str | None


def propose_tier_reviews(
    conn: Connection, principal: Principal, period: str, settings: ProgramSettings, now: datetime | None = None
) -> list[TierReview]:
    """Measure every partner on the period's last day; store a proposal where the earned tier differs from the
    held one. A partner already reviewed for the period keeps its review (running twice adds nothing)."""
    require_role(principal, PROGRAM_MANAGERS, "proposing tier reviews")
    label = parse_period(period)
    reviewed = set(conn.execute(select(tier_reviews.c.partner_id).where(tier_reviews.c.period == label.label))
                   .scalars())  # fmt: skip
    metrics = tier_metrics(conn, settings.tiers, label.ends_on)
    rows = conn.execute(select(partners.c.id, partners.c.tier).order_by(partners.c.id)).all()
    now = now or datetime.now(UTC)
    for partner_id, tier in rows:
        proposal = _proposal(settings, metrics[partner_id], tier)
        if proposal is not None and partner_id not in reviewed:
            conn.execute(tier_reviews.insert().values(
                partner_id=partner_id, period=label.label, current_tier=tier, criteria_version=settings.version,
                status=PROPOSED, proposed_at=now, **proposal))  # fmt: skip
    return list_tier_reviews(conn, principal, period=label.label)


def _proposal(settings: ProgramSettings, metrics: TierMetrics, tier: str | None) -> dict[str, Any] | None:
    earned = earned_level(settings, metrics)
    held = settings.level(tier)
    if held == earned:
        return None
    levels = settings.tiers.levels
    criteria: dict[str, Any] = {"proposed": [c.to_json() for c in checks_for(levels[earned], metrics)]}
    if held is not None:
        criteria["current"] = [c.to_json() for c in checks_for(levels[held], metrics)]
        if earned < held:
            criteria["missed_for_current"] = [c.criterion for c in checks_for(levels[held], metrics) if not c.met]
    criteria["currency"] = settings.tiers.currency
    direction = "promotion" if held is None or earned > held else "demotion"
    return {"proposed_tier": levels[earned].name, "direction": direction, "criteria": criteria}


def list_tier_reviews(conn: Connection, principal: Principal, period: str | None = None,
                      status: str | None = None) -> list[TierReview]:  # fmt: skip
    """Reviews the principal may see (a partner user: its own partner's), by period then partner."""
    r = tier_reviews.c
    query = _with_names().where(r.partner_id == principal.partner_id if principal.is_partner else true())
    if period is not None:
        query = query.where(r.period == parse_period(period).label)
    if status is not None:
        query = query.where(r.status == status)
    return [_review(row) for row in conn.execute(query.order_by(r.period, r.partner_id))]


def _with_names() -> Select[Any]:
    return select(tier_reviews, partners.c.name).join_from(
        tier_reviews, partners, partners.c.id == tier_reviews.c.partner_id
    )


def _review(row: Any) -> TierReview:
    return TierReview(row.id, row.partner_id, row.name, row.period, row.current_tier, row.proposed_tier,
                      row.direction, row.criteria, row.criteria_version, row.status, row.decided_by,
                      row.decision_reason)  # fmt: skip


def get_tier_review(conn: Connection, principal: Principal, review_id: int) -> TierReview:
    row = conn.execute(_with_names().where(tier_reviews.c.id == review_id)).first()
    if row is None:
        raise ProgramNotFound("tier review", review_id)
    check_visible(principal, "tier review", review_id, row.partner_id)
    return _review(row)


def accept_tier_review(conn: Connection, principal: Principal, review_id: int,
                       now: datetime | None = None) -> TierReview:  # fmt: skip
    """The partner moves to the proposed tier; both the review and the partner's tier change are audited."""
    review = _open_review(conn, principal, review_id, "accept")
    now = now or datetime.now(UTC)
    conn.execute(partners.update().where(partners.c.id == review.partner_id).values(tier=review.proposed_tier))
    reason = f"tier review {review.period} ({review.direction})"
    change = ("tier", review.current_tier, review.proposed_tier)
    audit_change(conn, "partners", review.partner_id, change, principal.email, now, reason)
    return _decide(conn, principal, review, ACCEPTED, None, now)


def reject_tier_review(conn: Connection, principal: Principal, review_id: int, reason: str,
                       now: datetime | None = None) -> TierReview:  # fmt: skip
    if not reason.strip():
        raise InvalidProgramInput("reason", "say why the partner keeps its tier")
    review = _open_review(conn, principal, review_id, "reject")
    return _decide(conn, principal, review, REJECTED, reason.strip(), now or datetime.now(UTC))


def _open_review(conn: Connection, principal: Principal, review_id: int, action: str) -> TierReview:
    require_role(principal, PROGRAM_MANAGERS, f"deciding tier reviews ({action})")
    review = get_tier_review(conn, principal, review_id)
    if review.status != PROPOSED:
        raise InvalidTransition("tier review", review_id, action, review.status)
    return review


def _decide(conn: Connection, principal: Principal, review: TierReview, status: str, reason: str | None,
            now: datetime) -> TierReview:  # fmt: skip
    conn.execute(tier_reviews.update().where(tier_reviews.c.id == review.id).values(
        status=status, decided_at=now, decided_by=principal.email, decision_reason=reason))  # fmt: skip
    audit_change(conn, "tier_reviews", review.id, ("status", PROPOSED, status), principal.email, now, reason)
    return get_tier_review(conn, principal, review.id)
