"""The double-entry journal: accounts, entry kinds and the lines each kind posts. No I/O.

Debits are positive and credits negative, so every entry's lines sum to zero in each currency. The partner
is owed the credit balance of commission_payable; commission_expense is what the program has earned out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from partnerops.domain.money import Money

__all__ = ["Account", "EntryKind", "JournalEntry", "Line", "UnbalancedEntry", "entry_lines", "imbalance"]


class Account(StrEnum):
    EXPENSE = "commission_expense"
    PAYABLE = "commission_payable"
    CASH = "cash"


class EntryKind(StrEnum):
    ACCRUAL = "accrual"
    # reversal: a refund or churn undoes commission not yet paid out; clawback: it recovers commission paid.
    REVERSAL = "reversal"
    CLAWBACK = "clawback"
    ADJUSTMENT = "adjustment"
    PAYOUT = "payout"


class UnbalancedEntry(ValueError):
    """A journal entry whose lines do not sum to zero in some currency (a bug: nothing is posted)."""


@dataclass(frozen=True)
class Line:
    account: Account
    amount: Money


@dataclass(frozen=True)
class JournalEntry:
    key: str
    kind: EntryKind
    partner_id: int
    booked_on: date
    memo: str
    actor: str
    lines: tuple[Line, ...]
    opportunity_id: int | None = None
    credit_id: int | None = None
    reason: str | None = None


def entry_lines(kind: EntryKind, amount: Money) -> tuple[Line, ...]:
    """The lines of an entry moving `amount` (positive: more owed to the partner, or paid to it)."""
    negative = Money(-amount.amount, amount.currency)
    if kind is EntryKind.PAYOUT:
        return Line(Account.PAYABLE, amount), Line(Account.CASH, negative)
    return Line(Account.EXPENSE, amount), Line(Account.PAYABLE, negative)


def imbalance(lines: tuple[Line, ...]) -> dict[str, int]:
    """Per currency, the minor units by which the lines miss zero (empty when balanced)."""
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.amount.currency] += line.amount.minor
    return {currency: total for currency, total in totals.items() if total}
