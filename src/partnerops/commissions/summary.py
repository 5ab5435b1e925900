"""One partner's commissions at a glance: earned, pending, paid, the next payout and open disputes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, func, select

from partnerops.commissions.journal_repo import entry_totals
from partnerops.commissions.ledger import Account, EntryKind
from partnerops.domain.money import Money
from partnerops.store.commission_tables import (
    commission_disputes,
    commission_entry_lines,
    commission_payout_batches,
    commission_payout_items,
)

__all__ = ["CommissionSummary", "NextPayout", "partner_commissions"]

EARNING_KINDS = (EntryKind.ACCRUAL, EntryKind.ADJUSTMENT, EntryKind.REVERSAL, EntryKind.CLAWBACK)


@dataclass(frozen=True)
class NextPayout:
    batch_id: int
    pay_on: date
    status: str
    amounts: dict[str, Money]


@dataclass(frozen=True)
class CommissionSummary:
    """Every amount per currency: earned (accrued net of reversals, clawbacks and adjustments), paid, and
    pending (earned, not paid yet)."""

    partner_id: int
    earned: dict[str, Money]
    pending: dict[str, Money]
    paid: dict[str, Money]
    next_payout: NextPayout | None
    open_disputes: int
    disputed: dict[str, Money]


def partner_commissions(conn: Connection, partner_id: int, today: date) -> CommissionSummary:
    earned = entry_totals(conn, partner_id, EARNING_KINDS, Account.EXPENSE, today)
    paid = entry_totals(conn, partner_id, (EntryKind.PAYOUT,), Account.PAYABLE, today)
    currencies = sorted(set(earned) | set(paid))
    pending = {c: Money(_amount(earned, c) - _amount(paid, c), c) for c in currencies}
    count, disputed = _open_disputes(conn, partner_id)
    return CommissionSummary(partner_id, earned, pending, paid, _next_payout(conn, partner_id), count, disputed)


def _amount(totals: dict[str, Money], currency: str) -> Decimal:
    return totals[currency].amount if currency in totals else Decimal(0)


def _next_payout(conn: Connection, partner_id: int) -> NextPayout | None:
    b, i = commission_payout_batches.c, commission_payout_items.c
    batch = conn.execute(
        select(b.id, b.pay_on, b.status)
        .where(b.status != "paid", b.id.in_(select(i.batch_id).where(i.partner_id == partner_id)))
        .order_by(b.pay_on, b.id).limit(1)
    ).first()  # fmt: skip
    if batch is None:
        return None
    items = conn.execute(select(i.currency, i.amount_minor).where(i.batch_id == batch.id, i.partner_id == partner_id))
    amounts = {currency: Money.from_minor(minor, currency) for currency, minor in items}
    return NextPayout(batch.id, batch.pay_on, batch.status, amounts)


def _open_disputes(conn: Connection, partner_id: int) -> tuple[int, dict[str, Money]]:
    """How many disputes are open, and per currency the commission on the lines they dispute."""
    d, lines = commission_disputes.c, commission_entry_lines.c
    rows = conn.execute(
        select(lines.currency, func.sum(lines.amount_minor))
        .join(commission_entry_lines, lines.entry_id == d.entry_id)
        .where(d.partner_id == partner_id, d.status == "open", lines.account == Account.EXPENSE.value)
        .group_by(lines.currency)
    ).all()  # fmt: skip
    count = conn.execute(
        select(func.count()).select_from(commission_disputes).where(d.partner_id == partner_id, d.status == "open")
    ).scalar_one()
    return int(count), {currency: Money.from_minor(int(total), currency) for currency, total in rows}
