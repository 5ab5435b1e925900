"""The audit log page: who changed what, when, from what to what."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from partnerops.web.access import connection, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.audit import audit_entries, audited_entities
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()


@router.get("/audit")
def audit_page(
    request: Request,
    viewer: Annotated[Viewer, Depends(internal_viewer)],
    conn: Annotated[Connection, Depends(connection)],
    entity: str | None = None,
) -> Response:
    if not viewer.may_read_audit:
        raise PageError(403, "The audit log is for admins, partner managers and finance.")
    return render(
        request, "audit.html.j2", viewer, title="Audit log", entity=entity,
        entries=audit_entries(conn, entity or None), entities=audited_entities(conn),
    )  # fmt: skip
