"""Claiming a touch and confirming or rejecting it, each change written to the audit log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from partnerops.auth.scope import opportunity_scope
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.roles import Principal
from partnerops.store.tables import audit_log, opportunities, partners, touches

__all__ = ["API_SOURCE", "Claim", "SameStatus", "UnknownTarget", "change_status", "claim_touch"]

API_SOURCE = "api"


class UnknownTarget(LookupError):
    def __init__(self, what: str, field: str) -> None:
        super().__init__(f"{what} not found")
        self.field = field


class SameStatus(ValueError):
    def __init__(self, status: TouchStatus) -> None:
        super().__init__(f"the touch is already {status.value}")


@dataclass(frozen=True)
class Claim:
    partner_id: int
    opportunity_id: int
    type: TouchType
    touched_on: date
    evidence: str | None = None


def _audit(
    connection: Connection, actor: Principal, touch_id: int, old: str | None, new: str, reason: str | None
) -> None:
    connection.execute(
        audit_log.insert().values(
            at=datetime.now(UTC), actor=actor.email, entity="touch", entity_id=touch_id,
            field="status", old_value=old, new_value=new, reason=reason,
        )
    )  # fmt: skip


def _require(connection: Connection, principal: Principal, claim: Claim) -> None:
    """The partner and the opportunity must exist and be within the claimant's scope."""
    if not principal.may_see_partner(claim.partner_id) or connection.execute(
        select(partners.c.id).where(partners.c.id == claim.partner_id)
    ).first() is None:  # fmt: skip
        raise UnknownTarget("partner", "partner_id")
    query = select(opportunities.c.id).where(opportunities.c.id == claim.opportunity_id)
    # A partner user may claim only on deals it can already see, so a claim cannot widen its scope.
    if connection.execute(query.where(opportunity_scope(principal))).first() is None:
        raise UnknownTarget("opportunity", "opportunity_id")


def claim_touch(connection: Connection, principal: Principal, claim: Claim) -> int:
    """Record a claimed touch; returns its id."""
    _require(connection, principal, claim)
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
    _audit(connection, principal, touch_id, None, TouchStatus.CLAIMED.value, "claimed")
    return int(touch_id)


def change_status(
    connection: Connection, principal: Principal, touch_id: int, status: TouchStatus, reason: str | None = None
) -> None:
    """Confirm or reject a touch (the caller has checked the role and the scope)."""
    current = connection.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one_or_none()
    if current is None:
        raise UnknownTarget("touch", "touch_id")
    if current == status.value:
        raise SameStatus(status)
    connection.execute(
        touches.update().where(touches.c.id == touch_id).values(status=status.value, updated_at=datetime.now(UTC))
    )
    _audit(connection, principal, touch_id, current, status.value, reason)
