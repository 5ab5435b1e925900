"""API for payout batches (finance): list them, approve a draft, mark an approved one paid."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from partnerops.api.dependencies import DatabaseEngine
from partnerops.api.params import RecordId
from partnerops.api.routes.commission_http import Finance, commission_answers
from partnerops.api.routes.money_json import MoneyOut, money_out
from partnerops.commissions import payouts

# Tagged by the commissions router that includes this one.
router = APIRouter()


class BatchOut(BaseModel):
    id: int
    status: str
    through: date
    pay_on: date
    items: list[tuple[int, MoneyOut]]


def _batch_out(b: payouts.PayoutBatch) -> BatchOut:
    return BatchOut(id=b.id, status=b.status.value, through=b.through, pay_on=b.pay_on,
                    items=[(i.partner_id, money_out(i.amount)) for i in b.items])


@router.get("/commissions/payouts", response_model=list[BatchOut], summary="Payout batches")
def list_payouts(engine: DatabaseEngine, principal: Finance) -> list[BatchOut]:
    return [_batch_out(b) for b in payouts.list_batches(engine)]


@router.post("/commissions/payouts/{batch_id}/approve", response_model=BatchOut, summary="Approve a payout batch")
def approve_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with commission_answers():
        return _batch_out(payouts.approve_batch(engine, batch_id, principal.email))


@router.post("/commissions/payouts/{batch_id}/pay", response_model=BatchOut, summary="Mark a batch paid")
def pay_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with commission_answers():
        return _batch_out(payouts.pay_batch(engine, batch_id, principal.email, date.today()))
