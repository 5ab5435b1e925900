"""Pages for signal review: mentions found in calls and emails, grouped by the touch they propose.

A decision goes through the touch review service (role rule, scope, audit) and attribution runs again, as on
the touch approval queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.domain.roles import Principal
from partnerops.touches.errors import NotAReviewer, SameStatus, UnknownTarget
from partnerops.touches.review import confirm_touch, reject_touch
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.signals import (
    Proposal,
    ProposalFilter,
    QueueStatus,
    find_proposal,
    proposal_page,
    queue_choices,
)
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Reading = Annotated[Connection, Depends(connection)]
Form = Annotated[dict[str, str], Depends(checked_form)]
Review = Callable[[Connection, Principal, int, str | None], None]


@router.get("/signals")
def signal_queue(request: Request, viewer: Internal, conn: Reading, status: str = "pending", partner: str = "",
                 tracker: str = "", page: str = "1") -> Response:
    wanted = queue_filter(status, partner, tracker, page)
    found = proposal_page(conn, viewer.principal, wanted)
    partners, trackers = queue_choices(conn)
    return render(
        request, "signals.html.j2", viewer, title="Signal review", found=found, wanted=wanted,
        statuses=[s.value for s in QueueStatus], partners=partners, trackers=trackers,
        page_link=lambda number: _page_link(wanted, number),
    )  # fmt: skip


@router.post("/signals/{proposed_touch_id}/confirm")
def confirm(request: Request, proposed_touch_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    reason = form.get("reason", "").strip() or "confirmed in the signal review queue"
    return _decide(request, viewer, engine, proposed_touch_id, confirm_touch, reason)


@router.post("/signals/{proposed_touch_id}/reject")
def reject(request: Request, proposed_touch_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    reason = form.get("reason", "").strip()
    if not reason:
        raise PageError(400, "Say why the proposed touch is rejected: the reason goes to the audit log.")
    return _decide(request, viewer, engine, proposed_touch_id, reject_touch, reason)


def queue_filter(status: str, partner: str, tracker: str, page: str) -> ProposalFilter:
    """The queue's query string as a filter; a value that is not one raises a 400 page."""
    try:
        wanted = QueueStatus(status)
    except ValueError as exc:
        raise PageError(400, f"Unknown status {status!r}: pending, confirmed or rejected.") from exc
    number = _whole_number("page", page)
    if number is None or number < 1:
        raise PageError(400, f"Page must be a number from 1, not {page!r}.")
    return ProposalFilter(wanted, _whole_number("partner", partner), _whole_number("tracker", tracker), number)


def _whole_number(field: str, value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise PageError(400, f"The {field} filter must be an id, not {value!r}.")
    return int(value)


def _page_link(wanted: ProposalFilter, number: int) -> str:
    query = {"status": wanted.status.value, "partner": wanted.partner_id or "", "tracker": wanted.tracker_id or "",
             "page": number}
    return "/signals?" + urlencode(query)


def _decide(request: Request, viewer: Viewer, engine: Engine, touch_id: int, review: Review, reason: str) -> Response:
    if not viewer.may_review_touches:
        raise PageError(403, "Confirming or rejecting proposed touches is for partner managers and sales.")
    try:
        with engine.begin() as conn:
            if find_proposal(conn, viewer.principal, touch_id) is None:
                raise UnknownTarget("proposed touch", "proposed_touch_id")
            review(conn, viewer.principal, touch_id, reason)
    except UnknownTarget as exc:
        raise PageError(404, f"There is no proposed touch {touch_id}.") from exc
    except NotAReviewer as exc:
        raise PageError(403, str(exc)) from exc
    except SameStatus as exc:
        raise PageError(400, f"Proposed touch {touch_id}: {exc}.") from exc
    reattribute(engine)
    if not request.headers.get("HX-Request"):
        return RedirectResponse("/signals", status_code=303)
    return _proposal_fragment(request, viewer, engine, touch_id)


def _proposal_fragment(request: Request, viewer: Viewer, engine: Engine, touch_id: int) -> Response:
    with engine.connect() as conn:
        proposal: Proposal | None = find_proposal(conn, viewer.principal, touch_id)
    return render(request, "partials/signal_proposal.html.j2", viewer, proposal=proposal)
