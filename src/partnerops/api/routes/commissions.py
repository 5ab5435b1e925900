"""API for commissions: a partner's summary and statements; disputes and payouts come from their own routers,
included here.

Who sees what is `commissions.access`'s rule, the pages' too: finance, partner managers and admins see every
partner; a partner's user sees its own statements and disputes and no payout batch; sales sees none of it.
`partner_id` names the partner by external id (SYSTEM:ID or exact name too, in paths and filters); answers hold
its external id.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import Engine

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ApiError
from partnerops.api.params import PartnerFilter, PartnerRef
from partnerops.api.routes import commission_disputes, commission_payouts
from partnerops.api.routes.commission_http import commission_answers
from partnerops.api.routes.money_json import MoneyOut, money_out, monies_out
from partnerops.api.routes.record_names import external_id, resolved
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
    partner_id: str
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
    partner_id: str
    partner_name: str
    period: str
    opening: list[MoneyOut]
    closing: list[MoneyOut]
    lines: list[LineOut]


def _partner_for(engine: Engine, principal: Principal, ref: str | None) -> int:
    """A partner user asks about its own partner only; commission staff name the partner; others are refused."""
    if not principal.is_partner and principal.role in COMMISSION_STAFF and ref is None:
        raise ApiError(422, "name the partner with partner_id (its external id or exact name)", field="partner_id")
    partner = resolved(engine, "partner", ref, principal, "partner_id")
    with commission_answers():
        return commission_partner(principal, partner)


@router.get("/commissions/summary", response_model=SummaryOut, summary="A partner's commissions at a glance")
def summary(engine: DatabaseEngine, principal: CurrentPrincipal,
            partner_id: PartnerFilter = None) -> SummaryOut:
    owner = _partner_for(engine, principal, partner_id)
    with engine.connect() as conn:
        found = partner_commissions(conn, owner, date.today())
        partner = external_id(conn, "partner", found.partner_id) or ""
    nxt = found.next_payout
    return SummaryOut(
        partner_id=partner, earned=monies_out(found.earned), pending=monies_out(found.pending),
        paid=monies_out(found.paid), open_disputes=found.open_disputes, disputed=monies_out(found.disputed),
        next_payout=NextPayoutOut(batch_id=nxt.batch_id, pay_on=nxt.pay_on, status=nxt.status,
                                  amounts=monies_out(nxt.amounts)) if nxt else None,
    )  # fmt: skip


@router.get("/commissions/statements/{partner_id}", response_model=StatementOut, summary="A partner's statement")
def statement(partner_id: PartnerRef, engine: DatabaseEngine, principal: CurrentPrincipal,
              period: Annotated[str, Query(description="2026-Q3, 2026-07 or 2026.")]) -> StatementOut:
    owner = _partner_for(engine, principal, partner_id)
    with commission_answers(), engine.connect() as conn:
        found = partner_statement(conn, owner, parse_period(period))
        partner = external_id(conn, "partner", found.partner_id) or ""
    lines = [
        LineOut(line_id=line.entry_id, booked_on=line.booked_on, kind=line.kind, deal=line.deal, tier=line.tier,
                rate=line.rate, amount=money_out(line.amount), memo=line.memo, reason=line.reason,
                dispute_status=line.dispute_status)
        for line in found.lines
    ]  # fmt: skip
    return StatementOut(partner_id=partner, partner_name=found.partner_name, period=found.period.label,
                        opening=monies_out(found.opening), closing=monies_out(found.closing), lines=lines)


# After the routes above, so the routes keep their order; the app includes only this router.
router.include_router(commission_disputes.router)
router.include_router(commission_payouts.router)
