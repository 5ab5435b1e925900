"""Accrued commission whose ground is gone: the latest attribution no longer pays the partner on the deal (a
touch was rejected, the tier changed, the partner left the deal, or the deal is no longer won).

What is left of the credit's commission is reversed (clawed back when a payout went out since the close), and
the credit becomes tracked with the reason, so that it is priced again should the attribution come back.
Re-running changes nothing: a withdrawn credit is no longer accrued.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select, update

from partnerops.commissions.clawbacks import outstanding, take_back_entry
from partnerops.commissions.credits import ACCRUED, TRACKED, DealPartner, unpaid_reason
from partnerops.commissions.journal_repo import post_entry
from partnerops.commissions.ledger import JournalEntry
from partnerops.commissions.plan import CommissionPlan, plan_in_force
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits, commission_entries
from partnerops.store.tables import opportunities

__all__ = ["accrual_key", "withdraw_unearned"]

GONE = ("no longer attributed to the partner by the latest attribution run, or the deal is no longer won or was "
        "deleted in the CRM")


def withdraw_unearned(conn: Connection, plans: list[CommissionPlan], deals: list[DealPartner], as_of: date,
                      actor: str) -> int:
    """Withdraw every accrued credit of a deal closed by `as_of` that the latest attribution no longer pays;
    returns how many were withdrawn."""
    why_not = {(d.opportunity_id, d.partner_id): _unpaid(d, plans) for d in deals}
    c, o = commission_credits.c, opportunities.c
    credits = conn.execute(
        select(c.id, c.opportunity_id, c.partner_id, c.closed_on, c.currency, o.name)
        .join(opportunities, o.id == c.opportunity_id)
        .where(c.status == ACCRUED, c.closed_on <= as_of)
        .order_by(c.id)
    ).all()  # fmt: skip
    withdrawn = 0
    for credit in credits:
        why = why_not.get((credit.opportunity_id, credit.partner_id), GONE)
        if why is None:
            continue
        left = outstanding(conn, credit.id)
        if left > 0:
            post_entry(conn, _entry(conn, credit, Money.from_minor(left, credit.currency), why, as_of, actor))
        conn.execute(update(commission_credits).where(c.id == credit.id).values(
            status=TRACKED, reason=f"accrual withdrawn on {as_of}: {why}"))
        withdrawn += 1
    return withdrawn


def accrual_key(conn: Connection, opportunity_id: int, partner_id: int, credit_id: int) -> str:
    """The accrual entry's key: the first accrual of a credit, or the next one after each withdrawal."""
    base = f"accrual:{opportunity_id}:{partner_id}"
    earlier = _withdrawals(conn, credit_id)
    return f"{base}:{earlier}" if earlier else base


def _unpaid(deal: DealPartner, plans: list[CommissionPlan]) -> str | None:
    plan = plan_in_force(plans, deal.closed_on)
    return None if plan is None else unpaid_reason(deal.tier, deal.confirmed_types, plan.tiers)


def _withdrawals(conn: Connection, credit_id: int) -> int:
    e = commission_entries.c
    found = conn.execute(select(func.count()).where(e.credit_id == credit_id, e.key.like(f"withdrawal:{credit_id}:%")))
    return int(found.scalar_one())


def _entry(conn: Connection, credit: Any, amount: Money, why: str, as_of: date, actor: str) -> JournalEntry:
    return take_back_entry(
        conn, key=f"withdrawal:{credit.id}:{_withdrawals(conn, credit.id)}", partner_id=credit.partner_id,
        opportunity_id=credit.opportunity_id, credit_id=credit.id, closed_on=credit.closed_on, amount=amount,
        booked_on=as_of, memo=f"{credit.name}: accrual withdrawn", reason=why, actor=actor,
    )  # fmt: skip
