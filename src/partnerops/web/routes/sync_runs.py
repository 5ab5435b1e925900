"""The CRM sync page (admins only): each connection (never a secret) and the latest sync runs with their counts,
duration and errors, as `partnerops sync runs` lists them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.sync.connections import list_connections
from partnerops.sync.runs import past_runs
from partnerops.web.access import engine_of
from partnerops.web.rendering import render
from partnerops.web.routes.users import Admin

router = APIRouter()


@router.get("/admin/sync")
def sync_page(request: Request, viewer: Admin, engine: Annotated[Engine, Depends(engine_of)]) -> Response:
    return render(request, "sync_runs.html.j2", viewer, title="CRM sync", connections=list_connections(engine),
                  runs=past_runs(engine, None, 50))
