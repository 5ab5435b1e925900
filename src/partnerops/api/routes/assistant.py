"""API for the partner assistant: questions answered from the asker's own data and the program's documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from partnerops.api.dependencies import AppSettings, CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.params import MAX_ID
from partnerops.api.validation import StrictBody, TextIn
from partnerops.assistant.answers import Answer
from partnerops.assistant.recommend import OpportunityClosed, OpportunityNotOpen, Recommendation, recommend_partners
from partnerops.assistant.service import MAX_QUESTION, ask

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
    partner_id: int
    partner: str
    partner_type: str
    score: float
    similar_wins: int
    reasons: list[str]
    similar_won_deals: list[int]


def _answer_out(answer: Answer) -> AnswerOut:
    return AnswerOut(
        intent=answer.intent.value, answer=answer.text, grounded=answer.grounded, phrased_by=answer.phrased_by,
        sources=[SourceOut.model_validate(source.to_json()) for source in answer.sources],
    )  # fmt: skip


def _recommendation_out(r: Recommendation) -> RecommendationOut:
    return RecommendationOut(partner_id=r.partner_id, partner=r.partner, partner_type=r.partner_type, score=r.score,
                             similar_wins=r.similar_wins, reasons=list(r.reasons),
                             similar_won_deals=list(r.evidence))  # fmt: skip


@router.post("/assistant/ask", response_model=AnswerOut, summary="Ask the assistant")
async def ask_question(body: QuestionIn, engine: DatabaseEngine, principal: CurrentPrincipal,
                       settings: AppSettings) -> AnswerOut:  # fmt: skip
    """An answer for the caller only: a partner's user is answered from its own partner's records and the
    program documents. Every answer lists its sources, and every exchange is logged."""
    if not body.question.strip():
        raise ApiError(422, "ask a question", field="question")
    answer = await run_in_threadpool(ask, engine, principal, body.question, settings)
    return _answer_out(answer)


@router.get("/assistant/recommendations", response_model=list[RecommendationOut],
            summary="Partners to bring into an open opportunity")  # fmt: skip
def recommendations(
    engine: DatabaseEngine,
    principal: InternalPrincipal,
    settings: AppSettings,
    opportunity_id: Annotated[int, Query(ge=1, le=MAX_ID, description="The open opportunity.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[RecommendationOut]:
    """For staff: partners ranked from won deals like this one (segment, size band, region, product), with the
    reasons. Partners already on the deal are left out."""
    try:
        found = recommend_partners(engine, principal, opportunity_id, settings.reporting_currency, limit)
    except OpportunityClosed as exc:
        raise ApiError(409, str(exc)) from exc
    except OpportunityNotOpen as exc:
        raise ApiError(404, str(exc)) from exc
    return [_recommendation_out(r) for r in found]
