"""The registration queue: every partner's registrations with their response SLA, conflicts and decisions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.registrations.model import Registration
from partnerops.registrations.service import approve_registration, grant_extension, reject_registration
from partnerops.web.access import checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError, registration_errors
from partnerops.web.form_fields import form_problems, form_reason
from partnerops.web.queries.registrations import registration_view, registration_views
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]


@router.get("/registrations")
def registration_queue(request: Request, viewer: Internal, engine: Database, status: str = "pending") -> Response:
    try:
        wanted = RegistrationStatus(status)
    except ValueError as exc:
        raise PageError(400, f"Unknown status {status!r}.") from exc
    rows = registration_views(engine, viewer.principal, wanted)
    return render(
        request, "registrations.html.j2", viewer, title="Registration queue", rows=rows, status=wanted.value,
        statuses=[s.value for s in RegistrationStatus], now=datetime.now(UTC),
        overdue=sum(r.registration.overdue for r in rows), conflicted=sum(r.registration.flagged for r in rows),
    )  # fmt: skip


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
        request, "partials/registration_row.html.j2", viewer, row=row, now=datetime.now(UTC), message=message
    )
