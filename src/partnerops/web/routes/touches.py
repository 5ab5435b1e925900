"""The touch approval queue: sales confirms or rejects touches a partner manager claimed, one at a time, the
selected ones, or every one the filter matches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData

from partnerops.domain.enums import TouchStatus
from partnerops.touches.bulk import NothingDecided, decide_claimed
from partnerops.touches.errors import SameStatus, UnknownTarget
from partnerops.touches.review import confirm_touch, reject_touch
from partnerops.web.access import WholeForm, checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import list_response, requested_from
from partnerops.web.listing import matching
from partnerops.web.queries.proposed_by import ProposedBy
from partnerops.web.queries.touches import TOUCH_QUEUE, claimed_touch_count_base, claimed_touch_list, find_touch
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
_DECISIONS = {"confirm": confirm_touch, "reject": reject_touch}
_BULK = {"confirm": TouchStatus.CONFIRMED, "reject": TouchStatus.REJECTED}



@router.get("/touches")
def touch_queue(request: Request, viewer: Internal, engine: Database) -> Response:
    return list_response(request, viewer, engine, claimed_touch_list(), TOUCH_QUEUE, "touches.html.j2",
                         narrow=claimed_touch_count_base(), title="Touch approvals", done=_done(request),
                         proposed_by=ProposedBy(engine, "touch"))


@router.post("/touches/bulk")
def decide_many(viewer: Internal, engine: Database, form: WholeForm) -> Response:
    """Decide the selected touches, or with `scope=all` every claimed touch the posted filter matches, provided
    that is still the count the reviewer confirmed (else 409: the queue changed)."""
    status = _BULK.get(str(form.get("decision", "")))
    if status is None:
        raise PageError(400, "decision: say confirm or reject.")
    if not viewer.may_review_touches:
        raise PageError(403, "Confirming or rejecting touches is for sales and partner managers.")
    ids = _all_matching(engine, form) if form.get("scope") == "all" else _selected(form)
    if not ids:
        raise PageError(400, "Select at least one touch, or decide all that match the filter.")
    try:
        with engine.begin() as conn:
            outcome = decide_claimed(conn, viewer.principal, ids, status, f"{status.value} in bulk in the queue")
    except NothingDecided as exc:
        raise PageError(409, f"Nothing changed: {exc}. Reload the queue.") from exc
    reattribute(engine)
    done = f"decided={outcome.decided}&as={status.value}&left={outcome.left}"
    return RedirectResponse(f"/touches?{done}", status_code=303)


@router.post("/touches/{touch_id}/{decision}")
def decide(request: Request, touch_id: int, decision: str, viewer: Internal, engine: Database, _f: Form) -> Response:
    review = _DECISIONS.get(decision)
    if review is None:
        raise PageError(404, f"Unknown decision {decision!r}: confirm or reject.")
    if not viewer.may_review_touches:
        raise PageError(403, "Confirming or rejecting touches is for sales and partner managers.")
    try:
        with engine.begin() as conn:
            review(conn, viewer.principal, touch_id, f"{decision}ed in the touch approval queue")
    except UnknownTarget as exc:
        raise PageError(404, f"There is no touch {touch_id}.") from exc
    except SameStatus as exc:
        raise PageError(400, str(exc)) from exc
    reattribute(engine)
    if not request.headers.get("HX-Request"):
        return RedirectResponse("/touches", status_code=303)
    with engine.connect() as conn:
        row = find_touch(conn, touch_id)
    return render(request, "partials/touch_row.html.j2", viewer, row=row)


def _done(request: Request) -> str:
    """What the last bulk decision did, as the redirect after it reported."""
    got = request.query_params
    decided, left, status = got.get("decided", ""), got.get("left", "0"), got.get("as", "")
    if not decided.isdigit() or not left.isdigit() or status not in _BULK.values():
        return ""
    meanwhile = f"; {int(left):,} were decided by someone else meanwhile" if int(left) else ""
    return f"{int(decided):,} touch{'' if int(decided) == 1 else 'es'} {status}{meanwhile}."


def _selected(form: FormData) -> list[int]:
    values = [str(v) for v in form.getlist("touch")]
    if not all(v.isdigit() and int(v) < 2**31 for v in values):
        raise PageError(400, "touch: every selected touch is a touch number.")
    return [int(v) for v in values]


def _all_matching(engine: Engine, form: FormData) -> list[int]:
    """Every claimed touch the posted filter matches, if as many as the reviewer was shown and confirmed."""
    wanted = requested_from({k: str(v) for k, v in form.items()}, TOUCH_QUEUE)
    query = matching(claimed_touch_list(), TOUCH_QUEUE, wanted)
    with engine.connect() as conn:
        ids = [int(i) for i in conn.execute(query.with_only_columns(query.selected_columns.id)).scalars()]
    confirmed = str(form.get("confirm_count", ""))
    if confirmed != str(len(ids)):
        raise PageError(409, f"The queue changed: {len(ids):,} touches match the filter now, not {confirmed or 0}. "
                             "Review the list again before deciding them all.")
    return ids
