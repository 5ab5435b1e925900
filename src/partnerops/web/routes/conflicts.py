"""The import conflicts page: fields a re-import and a decision made here both changed, with the value last
imported, ours and the file's; an admin or partner manager keeps one or the other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.store.conflicts_repo import (
    OURS,
    RESOLVERS,
    THEIRS,
    ConflictClosed,
    UnknownConflict,
    list_conflicts,
    resolve_conflict,
)
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()


def resolver(viewer: Annotated[Viewer, Depends(internal_viewer)]) -> Viewer:
    if viewer.principal.role not in RESOLVERS:
        raise PageError(403, "Import conflicts are for admins and partner managers.")
    return viewer


Resolver = Annotated[Viewer, Depends(resolver)]


@router.get("/conflicts")
def conflicts_page(request: Request, viewer: Resolver, conn: Annotated[Connection, Depends(connection)]) -> Response:
    return render(request, "conflicts.html.j2", viewer, title="Import conflicts", rows=list_conflicts(conn))


@router.post("/conflicts/{conflict_id}/resolve")
def resolve(
    conflict_id: int,
    viewer: Resolver,
    engine: Annotated[Engine, Depends(engine_of)],
    form: Annotated[dict[str, str], Depends(checked_form)],
) -> Response:
    keep = form.get("keep")
    if keep not in (OURS, THEIRS):
        raise PageError(400, "Choose which value stays: ours or theirs.")
    try:
        with engine.begin() as conn:
            resolve_conflict(conn, conflict_id, keep, viewer.email, datetime.now(UTC))
    except UnknownConflict as exc:
        raise PageError(404, str(exc)) from exc
    except ConflictClosed as exc:
        raise PageError(400, str(exc)) from exc
    if keep == THEIRS:
        # A touch's status moves attribution: the figures follow the value that now stands.
        reattribute(engine)
    return RedirectResponse("/conflicts", status_code=303)
