"""API for commissions: a partner's summary and statements; disputes and payouts come from their own routers,
included here.

Who sees what is `commissions.access`'s rule, the pages' too: finance, partner managers and admins see every
partner; a partner's user sees its own statements and disputes and no payout batch; sales sees none of it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ApiError
from partnerops.api.params import RecordId
from partnerops.api.routes import commission_disputes, commission_payouts
from partnerops.api.routes.commission_http import commission_answers
from partnerops.api.routes.money_json import MoneyOut, money_out, monies_out
from partnerops.commissions.access import COMMISSION_STAFF, commission_partner
from partnerops.commissions.periods import parse_period
from partnerops.commissions.statements import partner_statement
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.roles import Principal

router = APIRouter(tags=["commissions"])


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


def _partner_for(principal: Principal, partner_id: int | None) -> int:
    """A partner user asks about its own partner only; commission staff name the partner; others are refused."""
    if not principal.is_partner and principal.role in COMMISSION_STAFF and partner_id is None:
        raise ApiError(422, "name the partner with partner_id", field="partner_id")
    with commission_answers():
        return commission_partner(principal, partner_id)


@router.get("/commissions/summary", response_model=SummaryOut, summary="A partner's commissions at a glance")
def summary(engine: DatabaseEngine, principal: CurrentPrincipal,
            partner_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> SummaryOut:
    with engine.connect() as conn:
        found = partner_commissions(conn, _partner_for(principal, partner_id), date.today())
    nxt = found.next_payout
    return SummaryOut(
        partner_id=found.partner_id, earned=monies_out(found.earned), pending=monies_out(found.pending),
        paid=monies_out(found.paid), open_disputes=found.open_disputes, disputed=monies_out(found.disputed),
        next_payout=NextPayoutOut(batch_id=nxt.batch_id, pay_on=nxt.pay_on, status=nxt.status,
                                  amounts=monies_out(nxt.amounts)) if nxt else None,
    )  # fmt: skip


@router.get("/commissions/statements/{partner_id}", response_model=StatementOut, summary="A partner's statement")
def statement(partner_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal,
              period: Annotated[str, Query(description="2026-Q3, 2026-07 or 2026.")]) -> StatementOut:
    with commission_answers(), engine.connect() as conn:
        found = partner_statement(conn, _partner_for(principal, partner_id), parse_period(period))
    lines = [
        LineOut(line_id=line.entry_id, booked_on=line.booked_on, kind=line.kind, deal=line.deal, tier=line.tier,
                rate=line.rate, amount=money_out(line.amount), memo=line.memo, reason=line.reason,
                dispute_status=line.dispute_status)
        for line in found.lines
    ]  # fmt: skip
    return StatementOut(partner_id=found.partner_id, partner_name=found.partner_name, period=found.period.label,
                        opening=monies_out(found.opening), closing=monies_out(found.closing), lines=lines)


# After the routes above, so the routes keep their order; the app includes only this router.
router.include_router(commission_disputes.router)
router.include_router(commission_payouts.router)
