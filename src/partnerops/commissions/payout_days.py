"""When a partner is paid next: the pay day of the earliest unpaid payout batch holding the partner's money, else
(while something is owed) the plan's payout day of the month, the next one from today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from partnerops.commissions.journal_repo import account_balances
from partnerops.commissions.ledger import Account
from partnerops.commissions.payouts import BatchStatus
from partnerops.commissions.plan import CommissionPlan, plan_in_force
from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items

__all__ = ["PayoutDay", "next_payout_day"]


@dataclass(frozen=True)
class PayoutDay:
    on: date
    # Where the date comes from, in words: "payout batch 4 (approved)" or "the plan's payout day (the 15th)".
    source: str


def next_payout_day(conn: Connection, partner_id: int, today: date, plans: list[CommissionPlan]) -> PayoutDay | None:
    batch = _open_batch(conn, partner_id)
    if batch is not None:
        return batch
    owed = any(money.amount < 0 for (account, _), money in account_balances(conn, partner_id).items()
               if account is Account.PAYABLE)  # fmt: skip
    plan = plan_in_force(plans, today)
    if not owed or plan is None:
        return None
    return PayoutDay(_next_day_of_month(today, plan.payout_day),
                     f"the plan's payout day (the {_ordinal(plan.payout_day)} of each month), once a payout batch "
                     "includes what you are owed")  # fmt: skip


def _open_batch(conn: Connection, partner_id: int) -> PayoutDay | None:
    b, i = commission_payout_batches.c, commission_payout_items.c
    row = conn.execute(
        select(b.id, b.pay_on, b.status)
        .where(b.status != BatchStatus.PAID.value, b.id.in_(select(i.batch_id).where(i.partner_id == partner_id)))
        .order_by(b.pay_on, b.id).limit(1)
    ).first()  # fmt: skip
    return None if row is None else PayoutDay(row.pay_on, f"payout batch {row.id} ({row.status})")


def _next_day_of_month(today: date, day: int) -> date:
    if today.day <= day:
        return today.replace(day=day)
    return date(today.year + today.month // 12, today.month % 12 + 1, day)


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
