"""API for commissions: statements, payouts and disputes.

Finance, partner managers and admins see every partner; a partner's user sees its own statements and disputes
and nothing of payout batches but its own items.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, require_roles
from partnerops.api.errors import ApiError
from partnerops.api.params import RecordId
from partnerops.commissions import disputes, payouts
from partnerops.commissions.errors import (
    CommissionForbidden,
    CommissionNotFound,
    InvalidTransition,
    ReasonRequired,
)
from partnerops.commissions.periods import InvalidPeriod, parse_period
from partnerops.commissions.statements import partner_statement
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.money import Money, UnknownCurrency
from partnerops.domain.roles import Principal, Role

router = APIRouter(tags=["commissions"])
Finance = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER, Role.FINANCE))]


class MoneyOut(BaseModel):
    amount: Decimal
    currency: str


def _money(value: Money) -> MoneyOut:
    return MoneyOut(amount=value.amount, currency=value.currency)


def _monies(values: dict[str, Money]) -> list[MoneyOut]:
    return [_money(values[c]) for c in sorted(values)]


class NextPayoutOut(BaseModel):
    batch_id: int
    pay_on: date
    status: str
    amounts: list[MoneyOut]


class SummaryOut(BaseModel):
    partner_id: int
    earned: list[MoneyOut]
    pending: list[MoneyOut]
    paid: list[MoneyOut]
    next_payout: NextPayoutOut | None
    open_disputes: int
    disputed: list[MoneyOut]


class LineOut(BaseModel):
    line_id: int
    booked_on: date
    kind: str
    deal: str | None
    tier: str | None
    rate: Decimal | None
    amount: MoneyOut
    memo: str
    reason: str | None
    dispute_status: str | None


class StatementOut(BaseModel):
    partner_id: int
    partner_name: str
    period: str
    opening: list[MoneyOut]
    closing: list[MoneyOut]
    lines: list[LineOut]


class DisputeIn(BaseModel):
    line_id: int = Field(ge=1, le=2**31 - 1, description="The statement line (journal entry id) disputed.")
    claim: str = Field(min_length=1, max_length=2_000)
    evidence: str = Field(min_length=1, max_length=10_000, description="A link, a note or a document reference.")


class ResolveIn(BaseModel):
    accept: bool
    resolution: str = Field(min_length=1, max_length=2_000)
    amount: Decimal | None = Field(None, max_digits=18, description="Accepted: the adjustment granted.")
    currency: str = Field("USD", min_length=3, max_length=3)


class DisputeOut(BaseModel):
    id: int
    partner_id: int
    line_id: int
    status: str
    claim: str
    evidence: str
    resolution: str | None


class BatchOut(BaseModel):
    id: int
    status: str
    through: date
    pay_on: date
    items: list[tuple[int, MoneyOut]]


@contextmanager
def _answers() -> Iterator[None]:
    try:
        yield
    except CommissionNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    except CommissionForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except (ReasonRequired, InvalidPeriod, UnknownCurrency) as exc:
        raise ApiError(422, str(exc)) from exc
    except InvalidTransition as exc:
        raise ApiError(409, str(exc), code="invalid_transition") from exc


def _partner_for(principal: Principal, partner_id: int | None) -> int:
    """A partner user asks about its own partner only; an internal user names the partner."""
    if principal.is_partner:
        if partner_id is not None and partner_id != principal.partner_id:
            raise ApiError(404, "partner not found")
        return int(principal.partner_id or 0)
    if partner_id is None:
        raise ApiError(422, "name the partner with partner_id", field="partner_id")
    return partner_id


@router.get("/commissions/summary", response_model=SummaryOut, summary="A partner's commissions at a glance")
def summary(engine: DatabaseEngine, principal: CurrentPrincipal,
            partner_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> SummaryOut:
    with engine.connect() as conn:
        found = partner_commissions(conn, _partner_for(principal, partner_id), date.today())
    nxt = found.next_payout
    return SummaryOut(
        partner_id=found.partner_id, earned=_monies(found.earned), pending=_monies(found.pending),
        paid=_monies(found.paid), open_disputes=found.open_disputes, disputed=_monies(found.disputed),
        next_payout=NextPayoutOut(batch_id=nxt.batch_id, pay_on=nxt.pay_on, status=nxt.status,
                                  amounts=_monies(nxt.amounts)) if nxt else None,
    )  # fmt: skip


@router.get("/commissions/statements/{partner_id}", response_model=StatementOut, summary="A partner's statement")
def statement(partner_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal,
              period: Annotated[str, Query(description="2026-Q3, 2026-07 or 2026.")]) -> StatementOut:
    with _answers(), engine.connect() as conn:
        found = partner_statement(conn, _partner_for(principal, partner_id), parse_period(period))
    lines = [
        LineOut(line_id=line.entry_id, booked_on=line.booked_on, kind=line.kind, deal=line.deal, tier=line.tier,
                rate=line.rate, amount=_money(line.amount), memo=line.memo, reason=line.reason,
                dispute_status=line.dispute_status)
        for line in found.lines
    ]  # fmt: skip
    return StatementOut(partner_id=found.partner_id, partner_name=found.partner_name, period=found.period.label,
                        opening=_monies(found.opening), closing=_monies(found.closing), lines=lines)


def _dispute_out(d: disputes.Dispute) -> DisputeOut:
    return DisputeOut(id=d.id, partner_id=d.partner_id, line_id=d.entry_id, status=d.status.value, claim=d.claim,
                      evidence=d.evidence, resolution=d.resolution)


@router.get("/commissions/disputes", response_model=list[DisputeOut], summary="Disputes")
def list_disputes(engine: DatabaseEngine, principal: CurrentPrincipal,
                  status: Annotated[disputes.DisputeStatus | None, Query()] = None) -> list[DisputeOut]:
    return [_dispute_out(d) for d in disputes.list_disputes(engine, principal, status)]


@router.post("/commissions/disputes", response_model=DisputeOut, status_code=201, summary="Dispute a line")
def open_dispute(body: DisputeIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> DisputeOut:
    with _answers():
        return _dispute_out(disputes.open_dispute(engine, principal, body.line_id, body.claim, body.evidence))


@router.post("/commissions/disputes/{dispute_id}/resolve", response_model=DisputeOut, summary="Resolve a dispute")
def resolve_dispute(dispute_id: RecordId, body: ResolveIn, engine: DatabaseEngine, principal: Finance) -> DisputeOut:
    with _answers():
        amount = Money(body.amount, body.currency.upper()) if body.amount is not None else None
        return _dispute_out(disputes.resolve_dispute(engine, principal, dispute_id, body.accept, body.resolution,
                                                     amount))


def _batch_out(b: payouts.PayoutBatch) -> BatchOut:
    return BatchOut(id=b.id, status=b.status.value, through=b.through, pay_on=b.pay_on,
                    items=[(i.partner_id, _money(i.amount)) for i in b.items])


@router.get("/commissions/payouts", response_model=list[BatchOut], summary="Payout batches")
def list_payouts(engine: DatabaseEngine, principal: Finance) -> list[BatchOut]:
    return [_batch_out(b) for b in payouts.list_batches(engine)]


@router.post("/commissions/payouts/{batch_id}/approve", response_model=BatchOut, summary="Approve a payout batch")
def approve_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with _answers():
        return _batch_out(payouts.approve_batch(engine, batch_id, principal.email))


@router.post("/commissions/payouts/{batch_id}/pay", response_model=BatchOut, summary="Mark a batch paid")
def pay_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with _answers():
        return _batch_out(payouts.pay_batch(engine, batch_id, principal.email, date.today()))
