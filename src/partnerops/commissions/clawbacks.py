"""Refunds and churn: inside the plan's clawback period after the close they take back the commission on the
refunded share of the deal; a reversal if nothing was paid out since the accrual, else a clawback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, exists, func, select

from partnerops.commissions.conversion import RateBook
from partnerops.commissions.credits import ACCRUED
from partnerops.commissions.journal_repo import post_entry
from partnerops.commissions.ledger import Account, EntryKind, JournalEntry, entry_lines
from partnerops.commissions.plan import CommissionPlan
from partnerops.domain.money import Money
from partnerops.store.commission_tables import (
    commission_credits,
    commission_entries,
    commission_entry_lines,
    commission_events,
)
from partnerops.store.tables import opportunities

__all__ = ["apply_events"]


def apply_events(conn: Connection, plans: list[CommissionPlan], as_of: date, actor: str) -> int:
    """Post the reversal or clawback of every event up to `as_of` on every accrued credit of its deal."""
    periods = {plan.version: plan.clawback_days for plan in plans}
    book, posted = RateBook(conn), 0
    for row in _event_credits(conn, as_of):
        if (row.occurred_on - row.closed_on).days > periods.get(row.plan_version, -1):
            continue
        amount = _taken_back(conn, row, book)
        if amount.amount > 0:
            posted += post_entry(conn, _entry(conn, row, amount, actor))[1]
    return posted


def _event_credits(conn: Connection, as_of: date) -> list[Any]:
    e, c, o = commission_events.c, commission_credits.c, opportunities.c
    return list(conn.execute(
        select(e.id.label("event_id"), e.type, e.occurred_on, e.amount_minor.label("event_minor"),
               e.currency.label("event_currency"), c.id.label("credit_id"), c.partner_id, c.opportunity_id,
               c.plan_version, c.closed_on, c.commission_minor, c.currency, o.amount_minor.label("deal_minor"), o.name)
        .join(commission_credits, c.opportunity_id == e.opportunity_id)
        .join(opportunities, o.id == e.opportunity_id)
        .where(c.status == ACCRUED, e.occurred_on <= as_of, e.occurred_on >= c.closed_on)
        .order_by(e.occurred_on, e.id, c.id)
    ))  # fmt: skip


def _taken_back(conn: Connection, row: Any, book: RateBook) -> Money:
    """The commission on the refunded share, no more than what is left of the credit's commission."""
    share = Decimal(1)
    if row.event_minor is not None and row.deal_minor:
        refunded = Money.from_minor(row.event_minor, row.event_currency)
        refunded = refunded.convert(book.rate(refunded.currency, row.currency, row.occurred_on), row.currency)
        share = min(Decimal(1), refunded.amount / Money.from_minor(row.deal_minor, row.currency).amount)
    commission = Money.from_minor(row.commission_minor, row.currency)
    wanted = Money(commission.amount * share, row.currency).convert(Decimal(1), row.currency)
    left = outstanding(conn, row.credit_id)
    return Money.from_minor(max(0, min(wanted.minor, left)), row.currency)


def outstanding(conn: Connection, credit_id: int) -> int:
    """What the credit's entries (its accruals less reversals, clawbacks and withdrawals) still owe the partner,
    in minor units."""
    lines, entries = commission_entry_lines.c, commission_entries.c
    owed = conn.execute(
        select(func.coalesce(func.sum(lines.amount_minor), 0)).join(commission_entries, entries.id == lines.entry_id)
        .where(entries.credit_id == credit_id, lines.account == Account.PAYABLE.value)
    ).scalar_one()  # fmt: skip
    return -int(owed)


def _paid_since(conn: Connection, partner_id: int, since: date) -> bool:
    entries = commission_entries.c
    query = select(exists().where(entries.partner_id == partner_id, entries.kind == EntryKind.PAYOUT.value,
                                  entries.booked_on >= since))
    return bool(conn.execute(query).scalar())


def take_back_entry(conn: Connection, *, key: str, partner_id: int, opportunity_id: int, credit_id: int,
                    closed_on: date, amount: Money, booked_on: date, memo: str, reason: str,
                    actor: str) -> JournalEntry:
    """`amount` of a credit's commission taken back: a reversal while nothing was paid out to the partner since
    the deal closed, else a clawback."""
    kind = EntryKind.CLAWBACK if _paid_since(conn, partner_id, closed_on) else EntryKind.REVERSAL
    return JournalEntry(
        key=key, kind=kind, partner_id=partner_id, booked_on=booked_on, memo=memo, actor=actor,
        lines=entry_lines(kind, Money(-amount.amount, amount.currency)), opportunity_id=opportunity_id,
        credit_id=credit_id, reason=reason,
    )  # fmt: skip


def _entry(conn: Connection, row: Any, amount: Money, actor: str) -> JournalEntry:
    return take_back_entry(
        conn, key=f"event:{row.event_id}:{row.credit_id}", partner_id=row.partner_id,
        opportunity_id=row.opportunity_id, credit_id=row.credit_id, closed_on=row.closed_on, amount=amount,
        booked_on=row.occurred_on, memo=f"{row.name}: {row.type} on {row.occurred_on}",
        reason=f"{row.type} {row.occurred_on} within the clawback period", actor=actor,
    )  # fmt: skip
