"""The audit log page: who changed what, when, from what to what; searchable, filtered by record kind and
person, paged, and downloadable as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.web.access import engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import list_response
from partnerops.web.queries.audit import AUDIT_LIST, audit_list
from partnerops.web.viewer import Viewer

router = APIRouter()


@router.get("/audit")
def audit_page(
    request: Request, viewer: Annotated[Viewer, Depends(internal_viewer)], engine: Annotated[Engine, Depends(engine_of)]
) -> Response:
    if not viewer.may_read_audit:
        raise PageError(403, "The audit log is for admins, partner managers and finance.")
    return list_response(request, viewer, engine, audit_list(), AUDIT_LIST, "audit.html.j2", title="Audit log")
