"""The registration queue: every partner's registrations with their response SLA, conflicts and decisions, one at
a time, the selected ones, or every one the filter matches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData

from partnerops.registrations.bulk import DECISIONS, BulkOutcome, NothingDecided, decide_pending
from partnerops.registrations.model import Registration
from partnerops.registrations.service import approve_registration, grant_extension, reject_registration
from partnerops.store.registration_tables import registrations
from partnerops.web.access import WholeForm, checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError, registration_errors
from partnerops.web.form_fields import form_problems, form_reason
from partnerops.web.list_views import page_of, requested, requested_from, whole_list
from partnerops.web.listing import matching
from partnerops.web.queries.proposed_by import ProposedBy
from partnerops.web.queries.registration_list import (
    REGISTRATION_QUEUE,
    as_views,
    queue_counts,
    registration_count_base,
    registration_list,
)
from partnerops.web.queries.registrations import registration_view
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]



@router.get("/registrations")
def registration_queue(request: Request, viewer: Internal, engine: Database) -> Response:
    wanted = requested(request, REGISTRATION_QUEUE)
    query = registration_list(viewer.principal)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, query, REGISTRATION_QUEUE, wanted, "registrations")
    now = datetime.now(UTC)
    narrow = registration_count_base(viewer.principal)
    listing = page_of(engine, query, REGISTRATION_QUEUE, wanted, request.url.path, narrow)
    with engine.connect() as conn:
        counts = queue_counts(conn, viewer.principal, listing.wanted, now)
    return render(
        request, "registrations.html.j2", viewer, title="Registration queue", listing=listing,
        rows=as_views(listing.rows, viewer.principal, now), now=now, done=_done(request, engine, viewer), **counts,
        proposed_by=ProposedBy(engine, "registration"),
    )  # fmt: skip


@router.post("/registrations/bulk")
def decide_many(viewer: Internal, engine: Database, form: WholeForm) -> Response:
    """Approve or reject the selected registrations, or with `scope=all` every one the posted filter matches,
    provided that is still the count the manager confirmed (else 409: the queue changed)."""
    decision = str(form.get("decision", ""))
    if decision not in DECISIONS:
        raise PageError(400, "decision: say approve or reject.")
    if not viewer.may_decide_registrations:
        raise PageError(403, "Approving or rejecting registrations is for admins and partner managers.")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    with form_problems():
        reason = form_reason(fields, "reason", "Reason") if decision == "reject" else ""
    if decision == "reject" and not reason:
        raise PageError(400, "reason: a rejection needs a reason; the partner reads it.")
    ids = _all_matching(engine, viewer, form) if form.get("scope") == "all" else _selected(form)
    if not ids:
        raise PageError(400, "Select at least one registration, or decide all that match the filter.")
    try:
        with registration_errors():
            outcome = decide_pending(engine, viewer.principal, ids, decision, reason)
    except NothingDecided as exc:
        raise PageError(409, f"Nothing changed: {exc}. Reload the queue.") from exc
    if decision == "approve" and outcome.decided:
        reattribute(engine)
    return RedirectResponse(f"/registrations?{_view(form)}&{_report(decision, outcome)}", status_code=303)


@router.post("/registrations/{registration_id}/approve")
def approve(request: Request, registration_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    with registration_errors(), form_problems():
        override = form_reason(form, "override_reason", "Override reason") or None
        decided = approve_registration(engine, viewer.principal, registration_id, override_reason=override)
    # Approval adds a confirmed deal_registration touch; the dashboard shows it as sourced after this run.
    reattribute(engine)
    return _decided(request, viewer, engine, decided, "Approved; attribution updated.")


@router.post("/registrations/{registration_id}/reject")
def reject(request: Request, registration_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    with registration_errors(), form_problems():
        decided = reject_registration(engine, viewer.principal, registration_id, form_reason(form, "reason", "Reason"))
    return _decided(request, viewer, engine, decided, "Rejected; the partner is told why.")


@router.post("/registrations/{registration_id}/extend")
def extend(request: Request, registration_id: int, viewer: Internal, engine: Database, _form: Form) -> Response:
    """Grant the extension a partner asked for: the expiry moves by the rules' extension days."""
    with registration_errors():
        extended = grant_extension(engine, viewer.principal, registration_id)
    message = f"Extended to {extended.expires_on}; the partner is told."
    return _decided(request, viewer, engine, extended, message, f"/registrations?status={extended.status.value}")


def _decided(request: Request, viewer: Viewer, engine: Engine, decided: Registration, message: str,
             back: str = "/registrations") -> Response:
    if not request.headers.get("HX-Request"):
        return RedirectResponse(back, status_code=303)
    row = registration_view(engine, viewer.principal, decided.id)
    return render(
        request, "partials/registration_row.html.j2", viewer, row=row, now=datetime.now(UTC), message=message,
        deciding=viewer.may_decide_registrations,
    )


def _report(decision: str, outcome: BulkOutcome) -> str:
    held = ",".join(str(i) for i in sorted(outcome.held))
    return f"decided={outcome.decided}&as={decision}&taken={len(outcome.taken)}&held={held}"


def _done(request: Request, engine: Engine, viewer: Viewer) -> str:
    """What the last bulk decision did, from the redirect after it: how many, how many someone else decided
    meanwhile, and which ones the rules held back (a live competing registration or an expiry)."""
    got = request.query_params
    decided, taken, decision = got.get("decided", ""), got.get("taken", "0"), got.get("as", "")
    held = [int(i) for i in got.get("held", "").split(",") if i.isdigit() and int(i) < 2**31]
    if not decided.isdigit() or not taken.isdigit() or decision not in DECISIONS:
        return ""
    past = "approved" if decision == "approve" else "rejected"
    text = f"{int(decided):,} registration{'' if int(decided) == 1 else 's'} {past}"
    if int(taken):
        text += f"; {int(taken):,} {'was' if int(taken) == 1 else 'were'} decided by someone else meanwhile"
    if held:
        with engine.connect() as conn:
            query = registration_list(viewer.principal).where(registrations.c.id.in_(held))
            names = sorted(str(row.company_name) for row in conn.execute(query))
        text += f"; not {past}, to decide on their own rows: {', '.join(names)}"
    return text + "."


def _selected(form: FormData) -> list[int]:
    values = [str(v) for v in form.getlist("registration")]
    if not all(v.isdigit() and int(v) < 2**31 for v in values):
        raise PageError(400, "registration: every selected registration is a registration number.")
    return [int(v) for v in values]


def _all_matching(engine: Engine, viewer: Viewer, form: FormData) -> list[int]:
    """Every registration the posted filter matches, if as many as the manager was shown and confirmed."""
    wanted = requested_from({k: str(v) for k, v in form.items()}, REGISTRATION_QUEUE)
    query = matching(registration_list(viewer.principal), REGISTRATION_QUEUE, wanted)
    with engine.connect() as conn:
        ids = [int(i) for i in conn.execute(query.with_only_columns(query.selected_columns.id)).scalars()]
    confirmed = str(form.get("confirm_count", ""))
    if confirmed != str(len(ids)):
        raise PageError(409, f"The queue changed: {len(ids):,} registrations match the filter now, not "
                             f"{confirmed or 0}. Review the list again before deciding them all.")
    return ids


def _view(form: FormData) -> str:
    """The list's view the decision was made from (search, filters, sort, page size), to return to."""
    params = requested_from({k: str(v) for k, v in form.items()}, REGISTRATION_QUEUE).params()
    return urlencode({k: v for k, v in params.items() if k != "page"})
