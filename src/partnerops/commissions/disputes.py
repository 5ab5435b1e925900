"""Disputes: a partner questions a statement line with evidence; a manager accepts it (with an adjustment) or
rejects it (with a reason). Nothing is deleted: each move is kept in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from partnerops.commissions.access import COMMISSION_STAFF, check_commission_staff
from partnerops.commissions.adjustments import post_adjustment
from partnerops.commissions.errors import CommissionForbidden, CommissionNotFound, InvalidTransition, ReasonRequired
from partnerops.commissions.journal_repo import audit
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.store.commission_tables import commission_disputes, commission_entries

__all__ = ["RESOLVERS", "Dispute", "DisputeStatus", "get_dispute", "list_disputes", "open_dispute",
           "resolve_dispute"]

RESOLVERS = COMMISSION_STAFF


class DisputeStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Dispute:
    id: int
    partner_id: int
    entry_id: int
    status: DisputeStatus
    claim: str
    evidence: str
    opened_by: str
    opened_at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    adjustment_entry_id: int | None


def open_dispute(engine: Engine, principal: Principal, entry_id: int, claim: str, evidence: str) -> Dispute:
    """Dispute statement line `entry_id`; a partner user may dispute only its own partner's lines."""
    if not claim.strip() or not evidence.strip():
        raise ReasonRequired("a dispute needs what is wrong (claim) and evidence (a link, a note, a document ref)")
    with engine.begin() as conn:
        partner_id = _entry_partner(conn, principal, entry_id)
        d = commission_disputes.c
        if conn.execute(select(d.id).where(d.entry_id == entry_id, d.status == DisputeStatus.OPEN.value)).first():
            raise InvalidTransition(f"statement line {entry_id} already has an open dispute")
        dispute_id = conn.execute(insert(commission_disputes).values(
            partner_id=partner_id, entry_id=entry_id, status=DisputeStatus.OPEN.value, claim=claim.strip(),
            evidence=evidence.strip(), opened_by=principal.email, opened_at=datetime.now(UTC),
        ).returning(d.id)).scalar_one()  # fmt: skip
        audit(conn, "commission_dispute", dispute_id, "status", None, DisputeStatus.OPEN.value, principal.email,
              claim.strip())
        return _dispute(conn, dispute_id)


def _entry_partner(conn: Connection, principal: Principal, entry_id: int) -> int:
    e = commission_entries.c
    partner_id = conn.execute(select(e.partner_id).where(e.id == entry_id)).scalar()
    if partner_id is None or not principal.may_see_partner(partner_id):
        raise CommissionNotFound(f"no statement line {entry_id}")
    return int(partner_id)


def resolve_dispute(engine: Engine, principal: Principal, dispute_id: int, accept: bool, resolution: str,
                    adjustment: Money | None = None, booked_on: date | None = None) -> Dispute:
    """Accept (posting `adjustment` to the partner) or reject; either way with a written resolution."""
    if principal.role not in RESOLVERS:
        raise CommissionForbidden("only a partner manager, finance or an admin resolves disputes")
    if not resolution.strip():
        raise ReasonRequired("a resolution needs a written reason the partner can read")
    if accept and (adjustment is None or adjustment.amount == 0):
        raise ReasonRequired("accepting a dispute needs the adjustment amount it grants")
    with engine.begin() as conn:
        dispute = _dispute(conn, dispute_id)
        if dispute.status is not DisputeStatus.OPEN:
            raise InvalidTransition(f"dispute {dispute_id} is already {dispute.status.value}")
        status = DisputeStatus.ACCEPTED if accept else DisputeStatus.REJECTED
        entry_id = None
        if accept and adjustment is not None:
            entry_id = post_adjustment(conn, dispute.partner_id, adjustment, resolution, principal.email,
                                       booked_on or date.today(), memo=f"dispute {dispute_id} accepted")
        d = commission_disputes.c
        conn.execute(update(commission_disputes).where(d.id == dispute_id).values(
            status=status.value, resolution=resolution.strip(), resolved_by=principal.email,
            resolved_at=datetime.now(UTC), adjustment_entry_id=entry_id,
        ))  # fmt: skip
        audit(conn, "commission_dispute", dispute_id, "status", DisputeStatus.OPEN.value, status.value,
              principal.email, resolution.strip())
        return _dispute(conn, dispute_id)


def list_disputes(engine: Engine, principal: Principal, status: DisputeStatus | None = None,
                  partner_id: int | None = None) -> list[Dispute]:
    """Disputes newest first; a partner user's list holds only its own partner's, and other roles than commission
    staff see none (CommissionForbidden)."""
    d = commission_disputes.c
    query = select(commission_disputes).order_by(d.id.desc())
    if principal.is_partner:
        query = query.where(d.partner_id == principal.partner_id)
    else:
        check_commission_staff(principal)
    if partner_id is not None:
        query = query.where(d.partner_id == partner_id)
    if status is not None:
        query = query.where(d.status == status.value)
    with engine.connect() as conn:
        return [_from_row(row._mapping) for row in conn.execute(query)]


def get_dispute(engine: Engine, principal: Principal, dispute_id: int) -> Dispute:
    if not principal.is_partner:
        check_commission_staff(principal)
    with engine.connect() as conn:
        dispute = _dispute(conn, dispute_id)
    if not principal.may_see_partner(dispute.partner_id):
        raise CommissionNotFound(f"no dispute {dispute_id}")
    return dispute


def _dispute(conn: Connection, dispute_id: int) -> Dispute:
    row = conn.execute(select(commission_disputes).where(commission_disputes.c.id == dispute_id)).first()
    if row is None:
        raise CommissionNotFound(f"no dispute {dispute_id}")
    return _from_row(row._mapping)


def _from_row(row: Any) -> Dispute:
    return Dispute(
        id=row["id"], partner_id=row["partner_id"], entry_id=row["entry_id"], status=DisputeStatus(row["status"]),
        claim=row["claim"], evidence=row["evidence"], opened_by=row["opened_by"], opened_at=row["opened_at"],
        resolution=row["resolution"], resolved_by=row["resolved_by"], resolved_at=row["resolved_at"],
        adjustment_entry_id=row["adjustment_entry_id"],
    )  # fmt: skip
