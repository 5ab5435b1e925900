"""Manual adjustments: an amount added to (or taken from) what a partner is owed, always with a reason."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Connection, Engine, select

from partnerops.commissions.errors import CommissionNotFound, ReasonRequired
from partnerops.commissions.journal_repo import audit, post_entry
from partnerops.commissions.ledger import EntryKind, JournalEntry, entry_lines
from partnerops.domain.money import Money
from partnerops.store.tables import partners

__all__ = ["adjust", "post_adjustment"]


def adjust(engine: Engine, partner_id: int, amount: Money, reason: str, actor: str, booked_on: date) -> int:
    """Post an adjustment (positive: the partner is owed more); returns the journal entry's id."""
    with engine.begin() as conn:
        return post_adjustment(conn, partner_id, amount, reason, actor, booked_on)


def post_adjustment(conn: Connection, partner_id: int, amount: Money, reason: str, actor: str, booked_on: date,
                    memo: str = "manual adjustment") -> int:
    if not reason.strip():
        raise ReasonRequired("an adjustment needs a reason (it is shown on the statement and kept in the audit log)")
    if amount.amount == 0:
        raise ReasonRequired("an adjustment of zero changes nothing: give a positive or negative amount")
    if conn.execute(select(partners.c.id).where(partners.c.id == partner_id)).scalar() is None:
        raise CommissionNotFound(f"no partner with id {partner_id}")
    entry = JournalEntry(
        key=f"adjustment:{uuid.uuid4().hex}", kind=EntryKind.ADJUSTMENT, partner_id=partner_id, booked_on=booked_on,
        memo=memo, actor=actor, lines=entry_lines(EntryKind.ADJUSTMENT, amount), reason=reason.strip(),
    )  # fmt: skip
    entry_id, _ = post_entry(conn, entry)
    audit(conn, "commission_entry", entry_id, "adjustment", None, str(amount), actor, reason.strip())
    return entry_id
