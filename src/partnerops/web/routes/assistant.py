"""Pages for the partner assistant: partners ask in the portal; staff ask, get partner recommendations for a
deal and review the exchange log. Answers are computed for the viewer's own principal only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from partnerops.assistant.answers import Answer
from partnerops.assistant.document_store import document_passage_rows, list_documents
from partnerops.assistant.exchange_log import list_exchanges
from partnerops.assistant.recommend import OpportunityClosed, OpportunityNotOpen, recommend_partners
from partnerops.assistant.recommend_answers import recommendation_answer
from partnerops.assistant.service import MAX_QUESTION, EmptyQuestion, ask
from partnerops.settings import Settings
from partnerops.web.access import checked_form, connection, current_viewer, engine_of, internal_viewer, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.record_pages import live_record
from partnerops.web.rendering import render
from partnerops.web.routes import assistant_proposals
from partnerops.web.routes.assistant_proposals import draft_of, draft_page
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Staff = Annotated[Viewer, Depends(internal_viewer)]
Anyone = Annotated[Viewer, Depends(current_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Reading = Annotated[Connection, Depends(connection)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]
LOG_SHOWN = 50
# A question that asks for a registration or a touch is answered with a form to confirm (assistant_proposals).
router.include_router(assistant_proposals.router)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _answer(request: Request, viewer: Viewer, engine: Engine, form: dict[str, str]) -> Answer:
    question = form.get("question", "")[:MAX_QUESTION]
    try:
        return await run_in_threadpool(ask, engine, viewer.principal, question, _settings(request))
    except EmptyQuestion as exc:
        raise PageError(400, str(exc)) from exc


async def _draft(request: Request, viewer: Viewer, engine: Engine, form: dict[str, str]) -> Response | None:
    """The form to confirm when the question asks for a registration or a touch; nothing is created yet."""
    question = form.get("question", "")[:MAX_QUESTION]
    draft = await run_in_threadpool(draft_of, engine, viewer, question)
    return None if draft is None else draft_page(request, viewer, question, draft)


@router.get("/portal/assistant")
def portal_assistant(request: Request, viewer: Partner) -> Response:
    return render(request, "portal_assistant.html.j2", viewer, title="Ask the assistant", answer=None)


@router.post("/portal/assistant")
async def portal_ask(request: Request, viewer: Partner, engine: Database, form: PostedForm) -> Response:
    if (proposal := await _draft(request, viewer, engine, form)) is not None:
        return proposal
    answer = await _answer(request, viewer, engine, form)
    if request.headers.get("HX-Request"):
        return render(request, "assistant_answer.html.j2", viewer, answer=answer)
    return render(request, "portal_assistant.html.j2", viewer, title="Ask the assistant", answer=answer)


@router.get("/assistant")
def staff_assistant(request: Request, viewer: Staff, conn: Reading) -> Response:
    return _staff_page(request, viewer, conn, None)


@router.post("/assistant/ask")
async def staff_ask(request: Request, viewer: Staff, engine: Database, form: PostedForm) -> Response:
    if (proposal := await _draft(request, viewer, engine, form)) is not None:
        return proposal
    answer = await _answer(request, viewer, engine, form)
    if request.headers.get("HX-Request"):
        return render(request, "assistant_answer.html.j2", viewer, answer=answer)
    with engine.connect() as conn:
        return _staff_page(request, viewer, conn, answer)


@router.get("/assistant/recommendations")
def staff_recommendations(request: Request, viewer: Staff, engine: Database, opportunity: str) -> Response:
    """OPPORTUNITY is the deal's CRM id, SYSTEM:ID or exact name, as every page names it."""
    with engine.connect() as conn:
        opportunity_id = live_record(conn, "opportunity", opportunity.strip()).id
    try:
        found = recommend_partners(engine, viewer.principal, opportunity_id, _settings(request).reporting_currency)
    except OpportunityClosed as exc:
        raise PageError(409, str(exc)) from exc
    except OpportunityNotOpen as exc:
        raise PageError(404, str(exc)) from exc
    answer = recommendation_answer(engine, opportunity_id, found)
    if request.headers.get("HX-Request"):
        return render(request, "assistant_answer.html.j2", viewer, answer=answer)
    with engine.connect() as conn:
        return _staff_page(request, viewer, conn, answer)


@router.get("/assistant/docs/{document_id}")
def program_document(request: Request, document_id: int, viewer: Anyone, conn: Reading) -> Response:
    """A program document's passages with their anchors: the links in answers land here. Documents are the
    program's, the same for every partner."""
    document = next((d for d in list_documents(conn) if d.id == document_id), None)
    if document is None:
        raise PageError(404, f"There is no program document {document_id}.")
    passages = document_passage_rows(conn, document_id)
    return render(request, "assistant_document.html.j2", viewer, title=document.title, document=document,
                  passages=passages)  # fmt: skip


def _staff_page(request: Request, viewer: Viewer, conn: Connection, answer: Answer | None) -> Response:
    exchanges = list_exchanges(conn, viewer.principal, LOG_SHOWN)
    return render(request, "assistant.html.j2", viewer, title="Assistant", answer=answer, exchanges=exchanges,
                  documents=list_documents(conn))  # fmt: skip
