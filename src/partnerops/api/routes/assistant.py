"""API for the partner assistant: questions answered from the asker's own data and the program's documents.
Partners and opportunities are named by their external ids, in the recommendations' query and in every answer."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from partnerops.api.dependencies import AppSettings, CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.params import MAX_REF
from partnerops.api.routes.record_names import external_ids, resolve
from partnerops.api.validation import StrictBody, TextIn
from partnerops.assistant.answers import Answer, Source, SourceKind
from partnerops.assistant.recommend import OpportunityClosed, OpportunityNotOpen, Recommendation, recommend_partners
from partnerops.assistant.service import MAX_QUESTION, ask
from partnerops.store.record_refs import RecordKind

router = APIRouter(tags=["assistant"])


class QuestionIn(StrictBody):
    question: Annotated[TextIn, Field(max_length=MAX_QUESTION, description="The question, in plain words.")]


class SourceOut(BaseModel):
    kind: str
    id: int | str
    label: str
    link: str | None


class AnswerOut(BaseModel):
    intent: str
    answer: str
    grounded: bool = Field(description="False for \"I don't know\": the answer then says who to ask.")
    phrased_by: str
    sources: list[SourceOut]


class RecommendationOut(BaseModel):
    partner_id: str
    partner: str
    partner_type: str
    score: float
    similar_wins: int
    reasons: list[str]
    similar_won_deals: list[str] = Field(description="External ids of won deals like this one.")


_NAMED: dict[str, RecordKind] = {SourceKind.PARTNER.value: "partner", SourceKind.OPPORTUNITY.value: "opportunity"}


def _source_out(conn: Connection, source: Source) -> SourceOut:
    """A source that is a partner or a deal is named by its external id, and its API link by that id too."""
    found = source.to_json()
    kind = _NAMED.get(found["kind"])
    if kind is None or not isinstance(found["id"], int):
        return SourceOut.model_validate(found)
    name = external_ids(conn, kind, [found["id"]]).get(found["id"], "")
    link = found["link"]
    if link and link.startswith("/api/v1/opportunities/"):
        link = f"/api/v1/opportunities/{quote(name, safe='')}"
    return SourceOut(kind=found["kind"], id=name, label=found["label"].replace(f"#{found['id']}", name), link=link)


def _answer_out(engine: Engine, answer: Answer) -> AnswerOut:
    with engine.connect() as conn:
        sources = [_source_out(conn, source) for source in answer.sources]
    return AnswerOut(intent=answer.intent.value, answer=answer.text, grounded=answer.grounded,
                     phrased_by=answer.phrased_by, sources=sources)  # fmt: skip


def _recommendations_out(conn: Connection, found: list[Recommendation]) -> list[RecommendationOut]:
    partners = external_ids(conn, "partner", (r.partner_id for r in found))
    deals = external_ids(conn, "opportunity", (i for r in found for i in r.evidence))
    return [RecommendationOut(partner_id=partners[r.partner_id], partner=r.partner, partner_type=r.partner_type,
                              score=r.score, similar_wins=r.similar_wins, reasons=list(r.reasons),
                              similar_won_deals=[deals[i] for i in r.evidence]) for r in found]  # fmt: skip


@router.post("/assistant/ask", response_model=AnswerOut, summary="Ask the assistant")
async def ask_question(body: QuestionIn, engine: DatabaseEngine, principal: CurrentPrincipal,
                       settings: AppSettings) -> AnswerOut:  # fmt: skip
    """An answer for the caller only: a partner's user is answered from its own partner's records and the
    program documents. Every answer lists its sources, and every exchange is logged."""
    if not body.question.strip():
        raise ApiError(422, "ask a question", field="question")
    answer = await run_in_threadpool(ask, engine, principal, body.question, settings)
    return _answer_out(engine, answer)


@router.get("/assistant/recommendations", response_model=list[RecommendationOut],
            summary="Partners to bring into an open opportunity")  # fmt: skip
def recommendations(
    engine: DatabaseEngine,
    principal: InternalPrincipal,
    settings: AppSettings,
    opportunity_id: Annotated[str, Query(min_length=1, max_length=MAX_REF, description="The open opportunity: its "
                                         "external id, SYSTEM:ID or exact name.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[RecommendationOut]:
    """For staff: partners ranked from won deals like this one (segment, size band, region, product), with the
    reasons. Partners already on the deal are left out."""
    with engine.connect() as conn:
        deal = resolve(conn, "opportunity", opportunity_id, principal, "opportunity_id")
    try:
        found = recommend_partners(engine, principal, deal, settings.reporting_currency, limit)
    except OpportunityNotOpen as exc:
        # The service names the deal by its row; the caller named it as it knows it.
        message = str(exc).replace(f"opportunity {deal}", f"opportunity {opportunity_id!r}")
        raise ApiError(409 if isinstance(exc, OpportunityClosed) else 404, message) from exc
    with engine.connect() as conn:
        return _recommendations_out(conn, found)
