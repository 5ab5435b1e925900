"""API for payout batches (finance): list them, approve a draft, mark an approved one paid. Each item names its
partner by external id."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import Engine

from partnerops.api.dependencies import DatabaseEngine
from partnerops.api.params import RecordId
from partnerops.api.routes.commission_http import Finance, commission_answers
from partnerops.api.routes.money_json import MoneyOut, money_out
from partnerops.api.routes.record_names import external_ids
from partnerops.commissions import payouts

# Tagged by the commissions router that includes this one.
router = APIRouter()


class PayoutItemOut(BaseModel):
    partner_id: str
    amount: MoneyOut


class BatchOut(BaseModel):
    id: int
    status: str
    through: date
    pay_on: date
    items: list[PayoutItemOut]


def _batches_out(engine: Engine, found: list[payouts.PayoutBatch]) -> list[BatchOut]:
    with engine.connect() as conn:
        names = external_ids(conn, "partner", (i.partner_id for b in found for i in b.items))
    return [BatchOut(id=b.id, status=b.status.value, through=b.through, pay_on=b.pay_on,
                     items=[PayoutItemOut(partner_id=names[i.partner_id], amount=money_out(i.amount))
                            for i in b.items])
            for b in found]  # fmt: skip


def _batch_out(engine: Engine, batch: payouts.PayoutBatch) -> BatchOut:
    return _batches_out(engine, [batch])[0]


@router.get("/commissions/payouts", response_model=list[BatchOut], summary="Payout batches")
def list_payouts(engine: DatabaseEngine, principal: Finance) -> list[BatchOut]:
    return _batches_out(engine, payouts.list_batches(engine))


@router.post("/commissions/payouts/{batch_id}/approve", response_model=BatchOut, summary="Approve a payout batch")
def approve_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with commission_answers():
        return _batch_out(engine, payouts.approve_batch(engine, batch_id, principal.email))


@router.post("/commissions/payouts/{batch_id}/pay", response_model=BatchOut, summary="Mark a batch paid")
def pay_payout(batch_id: RecordId, engine: DatabaseEngine, principal: Finance) -> BatchOut:
    with commission_answers():
        return _batch_out(engine, payouts.pay_batch(engine, batch_id, principal.email, date.today()))
