"""A partner's statement for a period: the opening balance owed, every ledger line booked in it (with the
deal, tier and rate behind it, and any dispute on it), and the closing balance, per currency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, select

from partnerops.commissions.errors import CommissionNotFound
from partnerops.commissions.journal_repo import account_balances
from partnerops.commissions.ledger import Account
from partnerops.commissions.periods import Period
from partnerops.domain.money import Money
from partnerops.store.commission_tables import (
    commission_credits,
    commission_disputes,
    commission_entries,
    commission_entry_lines,
)
from partnerops.store.tables import opportunities, partners

__all__ = ["Statement", "StatementLine", "partner_statement"]


@dataclass(frozen=True)
class StatementLine:
    entry_id: int
    booked_on: date
    kind: str
    deal: str | None
    tier: str | None
    revenue: Money | None
    rate: Decimal | None
    amount: Money
    memo: str
    reason: str | None
    dispute_status: str | None


@dataclass(frozen=True)
class Statement:
    partner_id: int
    partner_name: str
    period: Period
    opening: dict[str, Money]
    lines: tuple[StatementLine, ...]
    closing: dict[str, Money]


def partner_statement(conn: Connection, partner_id: int, period: Period) -> Statement:
    name = conn.execute(select(partners.c.name).where(partners.c.id == partner_id)).scalar()
    if name is None:
        raise CommissionNotFound(f"no partner with id {partner_id}")
    return Statement(
        partner_id, name, period, _owed(conn, partner_id, period.start - timedelta(days=1)),
        _lines(conn, partner_id, period), _owed(conn, partner_id, period.end),
    )  # fmt: skip


def _owed(conn: Connection, partner_id: int, through: date) -> dict[str, Money]:
    """What the partner is owed (the credit balance of commission_payable) per currency."""
    balances = account_balances(conn, partner_id, through)
    return {c: Money(-m.amount, c) for (account, c), m in sorted(balances.items()) if account is Account.PAYABLE}


def _lines(conn: Connection, partner_id: int, period: Period) -> tuple[StatementLine, ...]:
    e, lines, c, o = commission_entries.c, commission_entry_lines.c, commission_credits.c, opportunities.c
    d = commission_disputes.alias("latest_dispute")
    latest = select(d.c.status).where(d.c.entry_id == e.id).order_by(d.c.id.desc()).limit(1).scalar_subquery()
    rows = conn.execute(
        select(e.id, e.booked_on, e.kind, e.memo, e.reason, o.name, c.tier, c.revenue_minor, c.currency.label("rc"),
               c.rate, lines.amount_minor, lines.currency, latest.label("dispute_status"))
        .join(commission_entry_lines, (lines.entry_id == e.id) & (lines.account == Account.PAYABLE.value))
        .outerjoin(opportunities, o.id == e.opportunity_id)
        .outerjoin(commission_credits, c.id == e.credit_id)
        .where(e.partner_id == partner_id, e.booked_on >= period.start, e.booked_on <= period.end)
        .order_by(e.booked_on, e.id)
    ).all()  # fmt: skip
    return tuple(
        StatementLine(
            row.id, row.booked_on, row.kind, row.name, row.tier,
            Money.from_minor(row.revenue_minor, row.rc) if row.rc else None,
            Decimal(row.rate) if row.rate else None, Money.from_minor(-row.amount_minor, row.currency),
            row.memo, row.reason, row.dispute_status,
        )
        for row in rows
    )  # fmt: skip
