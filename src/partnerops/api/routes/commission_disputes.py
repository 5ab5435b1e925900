"""API for disputes on commission statement lines: a partner's user opens them on its own lines, finance
resolves them. `partner_id` in answers is the partner's external id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.params import RecordId
from partnerops.api.routes.commission_http import Finance, commission_answers
from partnerops.api.routes.record_names import external_ids
from partnerops.api.validation import AmountIn, CurrencyIn, StrictBody, TextIn, money_in
from partnerops.commissions import disputes
from partnerops.domain.amount_rules import Sign

# Tagged by the commissions router that includes this one.
router = APIRouter()


class DisputeIn(StrictBody):
    line_id: int = Field(ge=1, le=2**31 - 1, description="The statement line (journal entry id) disputed.")
    claim: Annotated[TextIn, Field(max_length=2_000)]
    evidence: Annotated[TextIn, Field(description="A link, a note or a document reference.")]


class ResolveIn(StrictBody):
    accept: bool
    resolution: Annotated[TextIn, Field(max_length=2_000)]
    amount: AmountIn | None = Field(None, description="Accepted: the adjustment granted (negative takes back).")
    currency: CurrencyIn = "USD"


class DisputeOut(BaseModel):
    id: int
    partner_id: str
    line_id: int
    status: str
    claim: str
    evidence: str
    resolution: str | None


def _disputes_out(engine: Engine, found: list[disputes.Dispute]) -> list[DisputeOut]:
    with engine.connect() as conn:
        names = external_ids(conn, "partner", (d.partner_id for d in found))
    return [_dispute_out(d, names) for d in found]


def _dispute_out(d: disputes.Dispute, names: dict[int, str]) -> DisputeOut:
    return DisputeOut(id=d.id, partner_id=names[d.partner_id], line_id=d.entry_id, status=d.status.value, claim=d.claim,
                      evidence=d.evidence, resolution=d.resolution)


@router.get("/commissions/disputes", response_model=list[DisputeOut], summary="Disputes")
def list_disputes(engine: DatabaseEngine, principal: CurrentPrincipal,
                  status: Annotated[disputes.DisputeStatus | None, Query()] = None) -> list[DisputeOut]:
    with commission_answers():
        return _disputes_out(engine, disputes.list_disputes(engine, principal, status))


@router.post("/commissions/disputes", response_model=DisputeOut, status_code=201, summary="Dispute a line")
def open_dispute(body: DisputeIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> DisputeOut:
    with commission_answers():
        opened = disputes.open_dispute(engine, principal, body.line_id, body.claim, body.evidence)
    return _disputes_out(engine, [opened])[0]


@router.post("/commissions/disputes/{dispute_id}/resolve", response_model=DisputeOut, summary="Resolve a dispute")
def resolve_dispute(dispute_id: RecordId, body: ResolveIn, engine: DatabaseEngine, principal: Finance) -> DisputeOut:
    with commission_answers():
        amount = money_in(body.amount, body.currency, "amount", Sign.NONZERO) if body.amount is not None else None
        resolved = disputes.resolve_dispute(engine, principal, dispute_id, body.accept, body.resolution, amount)
    return _disputes_out(engine, [resolved])[0]
