"""MDF records as the services return them: requests, claims and a partner's balance, money with its currency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from partnerops.domain.money import Money


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ClaimStatus(StrEnum):
    CLAIMED = "claimed"
    APPROVED = "approved"
    REJECTED = "rejected"
    REIMBURSED = "reimbursed"


# The claims that still count against a request's budget.
LIVE_CLAIMS = (ClaimStatus.CLAIMED.value, ClaimStatus.APPROVED.value, ClaimStatus.REIMBURSED.value)


@dataclass(frozen=True)
class RequestInput:
    period: str
    title: str
    plan: str
    budget: Money
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class MdfRequest:
    id: int
    partner_id: int
    period: str
    title: str
    plan: str
    budget: Money
    starts_on: date
    ends_on: date
    status: RequestStatus
    submitted_at: datetime
    submitted_by: str
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> MdfRequest:
        return cls(
            id=row.id, partner_id=row.partner_id, period=row.period, title=row.title, plan=row.plan,
            budget=Money.from_minor(row.budget_minor, row.currency), starts_on=row.starts_on, ends_on=row.ends_on,
            status=RequestStatus(row.status), submitted_at=row.submitted_at, submitted_by=row.submitted_by,
            decided_at=row.decided_at, decided_by=row.decided_by, decision_reason=row.decision_reason,
        )  # fmt: skip


@dataclass(frozen=True)
class ClaimInput:
    amount: Money
    proof_reference: str
    proof_description: str


@dataclass(frozen=True)
class MdfClaim:
    id: int
    request_id: int
    partner_id: int
    amount: Money
    proof_reference: str
    proof_description: str
    status: ClaimStatus
    claimed_at: datetime
    claimed_by: str
    decided_at: datetime | None
    decision_reason: str | None
    reimbursed_at: datetime | None
    payment_reference: str | None

    @classmethod
    def from_row(cls, row: Any) -> MdfClaim:
        return cls(
            id=row.id, request_id=row.request_id, partner_id=row.partner_id,
            amount=Money.from_minor(row.amount_minor, row.currency), proof_reference=row.proof_reference,
            proof_description=row.proof_description, status=ClaimStatus(row.status), claimed_at=row.claimed_at,
            claimed_by=row.claimed_by, decided_at=row.decided_at, decision_reason=row.decision_reason,
            reimbursed_at=row.reimbursed_at, payment_reference=row.payment_reference,
        )  # fmt: skip


@dataclass(frozen=True)
class MdfBalance:
    """One currency of a partner's funds as of a day.

    allocated: funds of the periods begun by then; requested: budgets awaiting a decision; committed: approved
    budgets; claimed: claims filed and not rejected; reimbursed: claims paid; remaining: allocated - committed.
    """

    currency: str
    allocated: Money
    requested: Money
    committed: Money
    claimed: Money
    reimbursed: Money

    @property
    def remaining(self) -> Money:
        return Money(self.allocated.amount - self.committed.amount, self.currency)
