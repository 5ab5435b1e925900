"""A tier change an agent proposes: a tier review in the proposed state for the current quarter, which a partner
manager accepts (the tier changes) or rejects like any other. One review per partner and period (a constraint)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.program_settings import load_program_settings
from partnerops.program.tier_reviews import PROPOSED, get_tier_review
from partnerops.store.program_tables import tier_reviews
from partnerops.store.tables import partners

__all__ = ["AGENT_CRITERIA", "TierReviewTaken", "propose_tier"]

# The criteria version of a review an agent proposed: the reason stands in for measured criteria.
AGENT_CRITERIA = "proposed-by-agent"


class TierReviewTaken(ValueError):
    def __init__(self, period: str) -> None:
        super().__init__(f"the partner already has a tier review for {period}; decide that one in the tier review "
                         "queue first")  # fmt: skip


def _quarter(now: datetime) -> str:
    return f"{now.year}-Q{(now.month - 1) // 3 + 1}"


def propose_tier(conn: Connection, principal: Principal, partner_id: int, tier: str, reason: str,
                 now: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Store the proposal; the partner's tier is untouched until a manager accepts the review."""
    require_role(principal, PROGRAM_MANAGERS, "proposing a tier change")
    settings = load_program_settings()
    names = [level.name for level in settings.tiers.levels]
    if tier not in names:
        raise ValueError(f"tier: {tier!r} is not a tier of the program; the tiers are {', '.join(names)}")
    if not reason.strip():
        raise ValueError("reason: say why the partner should change tier")
    held = conn.execute(select(partners.c.tier).where(partners.c.id == partner_id)).scalar_one_or_none()
    if held == tier:
        raise ValueError(f"tier: the partner already holds {tier!r}")
    held_level = settings.level(held)
    moment = now or datetime.now(UTC)
    period = _quarter(moment)
    values = dict(
        partner_id=partner_id, period=period, current_tier=held, proposed_tier=tier,
        direction="promotion" if held_level is None or names.index(tier) > held_level else "demotion",
        criteria={"reason": reason.strip(), "currency": settings.tiers.currency}, criteria_version=AGENT_CRITERIA,
        status=PROPOSED, proposed_at=moment,
    )  # fmt: skip
    try:
        with conn.begin_nested():
            review_id = conn.execute(insert(tier_reviews).values(values).returning(tier_reviews.c.id)).scalar_one()
    except IntegrityError as exc:
        raise TierReviewTaken(period) from exc
    review = get_tier_review(conn, principal, int(review_id))
    return {"id": review.id, "partner": review.partner_name, "period": review.period,
            "current_tier": review.current_tier, "proposed_tier": review.proposed_tier,
            "direction": review.direction, "status": review.status}  # fmt: skip
