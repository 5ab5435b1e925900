"""Storing priced credits (one per won deal and partner) and the year-to-date totals booked from them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, extract, func, insert, select, update

from partnerops.commissions.credits import ACCRUED, PricedCredit, YearToDate
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits

__all__ = ["save_credit", "stored_credits", "year_to_date"]


def stored_credits(conn: Connection) -> dict[tuple[int, int], tuple[int, str, str | None, str]]:
    """Per (deal, partner): the stored credit's id, status, plan version and reason."""
    c = commission_credits.c
    rows = conn.execute(select(c.opportunity_id, c.partner_id, c.id, c.status, c.plan_version, c.reason))
    return {(row[0], row[1]): (row[2], row[3], row[4], row[5]) for row in rows}


def year_to_date(conn: Connection) -> YearToDate:
    """Revenue and commission of the accrued credits, per (partner, close year, plan currency)."""
    c = commission_credits.c
    year = extract("year", c.closed_on)
    rows = conn.execute(
        select(c.partner_id, year, c.plan_currency, func.sum(c.revenue_plan_minor), func.sum(c.commission_plan_minor))
        .where(c.status == ACCRUED)
        .group_by(c.partner_id, year, c.plan_currency)
    )
    ytd = YearToDate()
    for partner_id, closed_year, currency, revenue, commission in rows:
        ytd.add((partner_id, int(closed_year), currency), _major(revenue, currency), _major(commission, currency))
    return ytd


def _major(minor: Any, currency: str) -> Decimal:
    return Money.from_minor(int(minor), currency).amount


def save_credit(conn: Connection, credit: PricedCredit, existing_id: int | None) -> int:
    values = _values(credit) | {"computed_at": datetime.now(UTC)}
    if existing_id is not None:
        conn.execute(update(commission_credits).where(commission_credits.c.id == existing_id).values(values))
        return existing_id
    return int(conn.execute(insert(commission_credits).values(values).returning(commission_credits.c.id)).scalar_one())


def _values(credit: PricedCredit) -> dict[str, object]:
    deal = credit.deal
    zero = Money.from_minor(0, deal.amount.currency)
    plan_currency = credit.revenue_plan.currency if credit.revenue_plan else None
    return {
        "opportunity_id": deal.opportunity_id, "partner_id": deal.partner_id, "plan_version": credit.plan_version,
        "tier": deal.tier.value, "status": credit.status, "reason": credit.reason,
        "product_line": credit.product_line, "closed_on": deal.closed_on, "currency": deal.amount.currency,
        "revenue_minor": (credit.revenue or zero).minor, "plan_currency": plan_currency,
        "revenue_plan_minor": credit.revenue_plan.minor if credit.revenue_plan else 0,
        "commission_plan_minor": credit.commission_plan.minor if credit.commission_plan else 0,
        "commission_minor": (credit.commission or zero).minor,
        "conversion_rate": _text(credit.conversion_rate), "rate": _text(credit.rate),
    }  # fmt: skip


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"[:40]
