"""The facts behind each of a partner's accrued credits, for explaining them: the deal, how many partners shared
it, and what the partner had booked earlier in the plan year (revenue, commission, the day a yearly cap was hit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from partnerops.commissions.credits import ACCRUED
from partnerops.commissions.explanations import CreditFacts
from partnerops.commissions.plan import CommissionPlan
from partnerops.commissions.plan_repo import stored_plans
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits
from partnerops.store.tables import opportunities

__all__ = ["credit_facts", "plans_by_version"]


def plans_by_version(conn: Connection) -> dict[str, CommissionPlan]:
    return {plan.version: plan for plan in stored_plans(conn)}


def credit_facts(conn: Connection, partner_id: int, plans: dict[str, CommissionPlan]) -> dict[int, CreditFacts]:
    """Per credit id: the facts of every accrued credit of the partner, in the order accrual priced them (close
    date, then deal)."""
    c, o = commission_credits.c, opportunities.c
    rows = conn.execute(
        select(c.id, c.tier, c.product_line, c.plan_version, c.closed_on, c.currency, c.revenue_minor,
               c.plan_currency, c.revenue_plan_minor, c.commission_plan_minor, c.conversion_rate, c.rate,
               o.amount_minor, o.currency.label("deal_currency"), _paid_partners().label("paid_partners"))
        .join(opportunities, o.id == c.opportunity_id)
        .where(c.partner_id == partner_id, c.status == ACCRUED)
        .order_by(c.closed_on, c.opportunity_id)
    ).all()  # fmt: skip
    return _with_year_to_date(list(rows), plans)


def _paid_partners() -> Any:
    others = commission_credits.alias("others")
    return (select(func.count()).select_from(others)
            .where(others.c.opportunity_id == commission_credits.c.opportunity_id, others.c.status == ACCRUED)
            .scalar_subquery())  # fmt: skip


def _with_year_to_date(rows: list[Any], plans: dict[str, CommissionPlan]) -> dict[int, CreditFacts]:
    revenue: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    commission: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    facts = {}
    for row in rows:
        key = (row.closed_on.year, row.plan_currency)
        revenue_plan = Money.from_minor(row.revenue_plan_minor, row.plan_currency)
        commission_plan = Money.from_minor(row.commission_plan_minor, row.plan_currency)
        facts[row.id] = CreditFacts(
            tier=row.tier, deal_amount=Money.from_minor(row.amount_minor or 0, row.deal_currency),
            share=Money.from_minor(row.revenue_minor, row.currency), paid_partners=int(row.paid_partners),
            product_line=row.product_line, revenue_plan=revenue_plan, commission_plan=commission_plan,
            conversion_rate=Decimal(row.conversion_rate) if row.conversion_rate else None, closed_on=row.closed_on,
            rate=Decimal(row.rate or 0), revenue_before=revenue[key], commission_before=commission[key],
            cap_reached_on=None,
        )  # fmt: skip
        revenue[key] += revenue_plan.amount
        commission[key] += commission_plan.amount
    return _cap_days(facts, rows, plans)


def _cap_days(facts: dict[int, CreditFacts], rows: list[Any], plans: dict[str, CommissionPlan]
              ) -> dict[int, CreditFacts]:
    """Each credit's year gets the close date of the credit that took the partner's commission to the cap."""
    reached: dict[tuple[int, str], date] = {}
    for row in rows:
        plan = plans.get(row.plan_version or "")
        cap = plan.caps.per_partner_year if plan else None
        fact = facts[row.id]
        key = (row.closed_on.year, row.plan_currency)
        if cap is not None and key not in reached and fact.commission_before + fact.commission_plan.amount >= cap:
            reached[key] = row.closed_on
    return {i: replace(f, cap_reached_on=reached.get((f.closed_on.year, f.revenue_plan.currency)))
            for i, f in facts.items()}  # fmt: skip
