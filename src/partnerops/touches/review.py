"""Claiming a touch and confirming or rejecting it, each change written to the audit log (entity "touch").

Every claim and review stays inside what the principal may see, and only the roles in
`domain.roles.TOUCH_REVIEWERS` may review, whichever surface asks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from partnerops.analytics.live import live_opportunity, live_partner, live_touch
from partnerops.auth.scope import opportunity_scope, touch_scope
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.roles import TOUCH_REVIEWERS, Principal
from partnerops.store.locks import lock_row
from partnerops.store.tables import audit_log, opportunities, partners, touches
from partnerops.touches.errors import NotAReviewer, SameStatus, UnknownTarget

__all__ = ["API_SOURCE", "ClaimedTouch", "claim_touch", "confirm_touch", "reject_touch"]

API_SOURCE = "api"
ENTITY = "touch"


@dataclass(frozen=True)
class ClaimedTouch:
    """A partner's activity on a deal, as claimed."""

    partner_id: int
    opportunity_id: int
    type: TouchType
    touched_on: date
    evidence: str | None = None


def claim_touch(connection: Connection, principal: Principal, claim: ClaimedTouch) -> int:
    """Record a claimed touch; returns its id. The partner and the deal must be within the claimant's scope."""
    _require_targets(connection, principal, claim)
    now = datetime.now(UTC)
    touch_id = connection.execute(
        touches.insert()
        .values(
            source_system=API_SOURCE, external_id=uuid.uuid4().hex, partner_id=claim.partner_id,
            opportunity_id=claim.opportunity_id, type=claim.type.value, touched_on=claim.touched_on,
            actor=principal.email, evidence=claim.evidence, status=TouchStatus.CLAIMED.value,
            created_at=now, updated_at=now,
        )
        .returning(touches.c.id)
    ).scalar_one()  # fmt: skip
    _audit(connection, principal, int(touch_id), None, TouchStatus.CLAIMED.value, "claimed")
    return int(touch_id)


def confirm_touch(connection: Connection, principal: Principal, touch_id: int, reason: str | None = None) -> None:
    _change_status(connection, principal, touch_id, TouchStatus.CONFIRMED, reason)


def reject_touch(connection: Connection, principal: Principal, touch_id: int, reason: str | None = None) -> None:
    _change_status(connection, principal, touch_id, TouchStatus.REJECTED, reason)


def _change_status(
    connection: Connection, principal: Principal, touch_id: int, status: TouchStatus, reason: str | None
) -> None:
    """A touch outside the principal's scope is reported as not found, like one that does not exist."""
    if principal.role not in TOUCH_REVIEWERS:
        raise NotAReviewer()
    # Decisions on one touch are taken one at a time: the second of two racing reviewers sees the first's.
    lock_row(connection, touches, touch_id)
    query = select(touches.c.status).where(touches.c.id == touch_id, live_touch(), touch_scope(principal))
    current = connection.execute(query).scalar_one_or_none()
    if current is None:
        raise UnknownTarget("touch", "touch_id")
    if current == status.value:
        raise SameStatus(status)
    connection.execute(
        touches.update().where(touches.c.id == touch_id).values(status=status.value, updated_at=datetime.now(UTC))
    )
    _audit(connection, principal, touch_id, current, status.value, reason)


def _require_targets(connection: Connection, principal: Principal, claim: ClaimedTouch) -> None:
    partner = connection.execute(select(partners.c.id).where(partners.c.id == claim.partner_id, live_partner())).first()
    if not principal.may_see_partner(claim.partner_id) or partner is None:
        raise UnknownTarget("partner", "partner_id")
    query = select(opportunities.c.id).where(opportunities.c.id == claim.opportunity_id, live_opportunity())
    # A partner user may claim only on deals it can already see, so a claim cannot widen its scope.
    if connection.execute(query.where(opportunity_scope(principal))).first() is None:
        raise UnknownTarget("opportunity", "opportunity_id")


def _audit(
    connection: Connection, actor: Principal, touch_id: int, old: str | None, new: str, reason: str | None
) -> None:
    connection.execute(
        audit_log.insert().values(
            at=datetime.now(UTC), actor=actor.email, entity=ENTITY, entity_id=touch_id,
            field="status", old_value=old, new_value=new, reason=reason,
        )
    )  # fmt: skip
