"""A partner's earnings in one currency: the total earned, paid and pending, the next payout, earnings per month
and every commission line with the words that explain it.

The partner's currency is the one most of its ledger lines are booked in (the reporting currency when it has
none). Every line in another currency is converted at the rate valid on the day the line was booked (the latest
rate on or before it, the rule accruals use for the close date); the lines keep their own amounts beside.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from partnerops.analytics.currency import MissingRate
from partnerops.commissions.conversion import RateBook
from partnerops.commissions.credit_facts import credit_facts, plans_by_version
from partnerops.commissions.explanations import CreditFacts, explain_accrual, explain_entry
from partnerops.commissions.ledger import Account, EntryKind
from partnerops.commissions.payout_days import PayoutDay, next_payout_day
from partnerops.commissions.plan import CommissionPlan
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits, commission_entries, commission_entry_lines
from partnerops.store.tables import opportunities

__all__ = ["EarningLine", "Earnings", "partner_earnings"]

RATE_RULE = "each line at the rate valid on the day it was booked (the latest rate on or before that day)"


@dataclass(frozen=True)
class EarningLine:
    entry_id: int
    booked_on: date
    kind: EntryKind
    deal: str | None
    amount: Money
    converted: Money | None
    why: tuple[str, ...]


@dataclass(frozen=True)
class Earnings:
    currency: str
    earned: Money
    paid: Money
    pending: Money
    next_payout: PayoutDay | None
    months: tuple[tuple[str, Money], ...]
    lines: tuple[EarningLine, ...]
    # Why some lines are left out of the totals (a rate missing), else None.
    rate_gap: str | None

    @property
    def periods(self) -> tuple[str, ...]:
        """The quarters with a line, newest first: each has a statement."""
        quarters = {f"{line.booked_on.year}-Q{(line.booked_on.month - 1) // 3 + 1}" for line in self.lines}
        return tuple(sorted(quarters, reverse=True))


def partner_earnings(conn: Connection, partner_id: int, today: date, fallback_currency: str) -> Earnings:
    rows = _ledger_rows(conn, partner_id, today)
    currency = _partner_currency(rows, fallback_currency)
    plans = plans_by_version(conn)
    facts, book = credit_facts(conn, partner_id, plans), RateBook(conn)
    lines, gaps = [], set()
    for row in rows:
        converted = _converted(book, Money.from_minor(-row.amount_minor, row.currency), currency, row.booked_on)
        if converted is None:
            gaps.add(f"no {row.currency} to {currency} rate valid on or before {row.booked_on}")
        lines.append(_line(row, converted, facts.get(row.credit_id), plans.get(row.plan_version or "")))
    return _earnings(currency, lines, sorted(gaps), next_payout_day(conn, partner_id, today, list(plans.values())))


def _ledger_rows(conn: Connection, partner_id: int, today: date) -> list[Any]:
    """The partner's payable lines booked through `today`, newest first (negative: owed to the partner)."""
    e, lines, o = commission_entries.c, commission_entry_lines.c, opportunities.c
    return list(conn.execute(
        select(e.id, e.kind, e.booked_on, e.memo, e.reason, e.credit_id, lines.amount_minor, lines.currency,
               o.external_id, o.name, commission_credits.c.plan_version)
        .join(commission_entry_lines, (lines.entry_id == e.id) & (lines.account == Account.PAYABLE.value))
        .outerjoin(opportunities, o.id == e.opportunity_id)
        .outerjoin(commission_credits, commission_credits.c.id == e.credit_id)
        .where(e.partner_id == partner_id, e.booked_on <= today)
        .order_by(e.booked_on.desc(), e.id.desc())
    ))  # fmt: skip


def _partner_currency(rows: list[Any], fallback: str) -> str:
    counts = Counter(row.currency for row in rows)
    return counts.most_common(1)[0][0] if counts else fallback


def _converted(book: RateBook, amount: Money, currency: str, on: date) -> Money | None:
    try:
        return amount.convert(book.rate(amount.currency, currency, on), currency)
    except MissingRate:
        return None


def _line(row: Any, converted: Money | None, facts: CreditFacts | None, plan: CommissionPlan | None) -> EarningLine:
    kind = EntryKind(row.kind)
    amount = Money.from_minor(-row.amount_minor, row.currency)
    if kind is EntryKind.PAYOUT:
        why: list[str] = [f"paid out: {row.memo}"]
        amount = Money(-amount.amount, amount.currency)
        converted = None if converted is None else Money(-converted.amount, converted.currency)
    elif kind is EntryKind.ACCRUAL and facts is not None:
        why = explain_accrual(facts, plan)
    else:
        why = [explain_entry(kind, row.reason, row.memo)]
    deal = f"{row.name} ({row.external_id})" if row.external_id else None
    return EarningLine(row.id, row.booked_on, kind, deal, amount, converted, tuple(why))


def _earnings(currency: str, lines: list[EarningLine], gaps: list[str], payout: PayoutDay | None) -> Earnings:
    zero = Money.from_minor(0, currency)
    earned = _sum((line for line in lines if line.kind is not EntryKind.PAYOUT), zero)
    paid = _sum((line for line in lines if line.kind is EntryKind.PAYOUT), zero)
    pending = Money(earned.amount - paid.amount, currency)
    months: dict[str, Money] = {}
    for line in lines:
        if line.kind is not EntryKind.PAYOUT and line.converted is not None:
            month = line.booked_on.strftime("%Y-%m")
            months[month] = Money(months.get(month, zero).amount + line.converted.amount, currency)
    rate_gap = "; ".join(gaps) if gaps else None
    return Earnings(currency, earned, paid, pending, payout, tuple(sorted(months.items())), tuple(lines), rate_gap)


def _sum(lines: Any, zero: Money) -> Money:
    total = sum((line.converted.amount for line in lines if line.converted is not None), zero.amount)
    return Money(total, zero.currency)
