"""The assistant's proposals in the pages: a question that asks for a registration or a touch is answered with the
filled form; the person corrects and confirms it, and only then does it land pending (registrations) or claimed
(touches) in its review queue, recorded as proposed through the assistant for that person."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.assistant.proposal_drafts import Draft, draft_for
from partnerops.assistant.proposal_log import ProposalLimitReached
from partnerops.assistant.proposing import (
    NotAClaimant,
    NotYours,
    TouchForm,
    confirm_registration,
    confirm_touch,
    visible_record,
)
from partnerops.domain.enums import TouchType
from partnerops.registrations.errors import DuplicateRegistration, IdempotencyKeyReused
from partnerops.settings import Settings
from partnerops.touches.errors import TouchError
from partnerops.touches.review import ClaimedTouch
from partnerops.web.access import checked_form, current_viewer, engine_of
from partnerops.web.errors import PageError, registration_errors
from partnerops.web.form_fields import FormProblem, form_day, form_text
from partnerops.web.portal_form import CURRENCIES, registration_input
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer
from partnerops.web.writes import run_write

__all__ = ["draft_page", "draft_of", "router"]

router = APIRouter()
Anyone = Annotated[Viewer, Depends(current_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]
QUESTION_KEPT = 2000


def draft_of(engine: Engine, viewer: Viewer, question: str) -> Draft | None:
    """The draft the question asks for, within the viewer's scope, or None for a plain question."""
    with engine.connect() as conn:
        return draft_for(conn, viewer.principal, question, datetime.now(UTC).date())


def draft_page(request: Request, viewer: Viewer, question: str, draft: Draft | None, status: int = 200,
               error: str | None = None, proposed: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The draft (or what was proposed) as the answer fragment htmx swaps in, or as a page of its own."""
    context: dict[str, Any] = {"draft": draft, "question": question[:QUESTION_KEPT], "error": error,
                               "proposed": proposed, "key": uuid.uuid4().hex, "currencies": CURRENCIES,
                               "touch_types": [t.value for t in TouchType]}  # fmt: skip
    if request.headers.get("HX-Request"):
        return render(request, "assistant_draft.html.j2", viewer, status, **context)
    back = "/portal/assistant" if viewer.principal.is_partner else "/assistant"
    return render(request, "assistant_proposal_page.html.j2", viewer, status, title="Confirm a proposal",
                  back=back, **context)  # fmt: skip


def _per_day(request: Request) -> int:
    settings: Settings = request.app.state.settings
    return settings.mcp_proposals_per_day


def _again(form: dict[str, str], kind: str, draft: Draft | None) -> Draft:
    """The form as the person sent it, offered again with the choices the draft had."""
    fields = {k: v for k, v in form.items() if k not in ("csrf_token", "question")}
    return Draft(kind, fields, draft.choices if draft is not None and draft.kind == kind else {})  # type: ignore[arg-type]


@router.post("/assistant/proposals/registration")
async def confirm_registration_page(request: Request, viewer: Anyone, engine: Database, form: PostedForm) -> Response:
    question = form.get("question", "")[:QUESTION_KEPT]
    try:
        entered = registration_input(form)
        if not viewer.principal.is_partner:
            partner_id = visible_record(engine, viewer.principal, "partner", form.get("partner", ""))
            entered = replace(entered, partner_id=partner_id)
        with registration_errors():
            registration_id, text = await run_write(request, confirm_registration, engine, viewer.principal, question,
                                                    entered, form.get("key", "") or uuid.uuid4().hex,
                                                    _per_day(request))  # fmt: skip
    except (FormProblem, NotYours) as exc:
        return _refused(request, viewer, question, form, "registration", 400 if isinstance(exc, FormProblem) else 404,
                        str(exc))  # fmt: skip
    except (DuplicateRegistration, IdempotencyKeyReused, ProposalLimitReached) as exc:
        return _refused(request, viewer, question, form, "registration", 409, str(exc))
    except PageError as exc:
        return _refused(request, viewer, question, form, "registration", exc.status, exc.message)
    link = "/portal/registrations" if viewer.principal.is_partner else f"/registrations/{registration_id}"
    return draft_page(request, viewer, question, None,
                      proposed={"text": text, "link": link, "link_label": "See the registration"})  # fmt: skip


@router.post("/assistant/proposals/touch")
async def confirm_touch_page(request: Request, viewer: Anyone, engine: Database, form: PostedForm) -> Response:
    question = form.get("question", "")[:QUESTION_KEPT]
    try:
        partner, deal = form.get("partner", ""), form.get("opportunity", "")
        claim = ClaimedTouch(visible_record(engine, viewer.principal, "partner", partner),
                             visible_record(engine, viewer.principal, "opportunity", deal), _touch_type(form),
                             form_day(form, "touched_on", "Day of the touch"),
                             form_text(form, "evidence", "Evidence"))  # fmt: skip
        _, text = await run_write(request, confirm_touch, engine, viewer.principal, question,
                                  TouchForm(partner, deal, claim), _per_day(request))  # fmt: skip
    except FormProblem as exc:
        return _refused(request, viewer, question, form, "touch", 400, str(exc))
    except NotAClaimant as exc:
        return _refused(request, viewer, question, form, "touch", 403, str(exc))
    except (NotYours, TouchError) as exc:
        return _refused(request, viewer, question, form, "touch", 404, str(exc))
    except ProposalLimitReached as exc:
        return _refused(request, viewer, question, form, "touch", 409, str(exc))
    link = "/portal/touches" if viewer.principal.is_partner else "/touches"
    return draft_page(request, viewer, question, None,
                      proposed={"text": text, "link": link, "link_label": "See the touches"})  # fmt: skip


def _touch_type(form: dict[str, str]) -> TouchType:
    try:
        return TouchType(form.get("type", ""))
    except ValueError as exc:
        raise FormProblem("type", f"Kind of touch must be one of {', '.join(t.value for t in TouchType)}.") from exc


def _refused(request: Request, viewer: Viewer, question: str, form: dict[str, str], kind: str, status: int,
             message: str) -> Response:  # fmt: skip
    """The form again, as sent, with what was wrong; the choices are those the question offers the viewer."""
    engine: Engine = request.app.state.engine
    draft = draft_of(engine, viewer, question)
    return draft_page(request, viewer, question, _again(form, kind, draft), status, message)
