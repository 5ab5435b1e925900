"""The touch approval queue: sales confirms or rejects touches a partner manager claimed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.touches.errors import SameStatus, UnknownTarget
from partnerops.touches.review import confirm_touch, reject_touch
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.touches import claimed_touches, find_touch
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
_DECISIONS = {"confirm": confirm_touch, "reject": reject_touch}


@router.get("/touches")
def touch_queue(request: Request, viewer: Internal, conn: Annotated[Connection, Depends(connection)]) -> Response:
    return render(request, "touches.html.j2", viewer, title="Touch approvals", rows=claimed_touches(conn))


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
