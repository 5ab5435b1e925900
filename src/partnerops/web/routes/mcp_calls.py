"""The agents page (admins only): every MCP tool call, searchable, filtered by tool, outcome and transport,
paged and downloadable as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.web.access import engine_of
from partnerops.web.list_views import list_response
from partnerops.web.queries.mcp_calls import MCP_CALLS, mcp_call_list
from partnerops.web.routes.users import Admin

router = APIRouter()


@router.get("/admin/mcp")
def mcp_calls_page(request: Request, viewer: Admin, engine: Annotated[Engine, Depends(engine_of)]) -> Response:
    return list_response(request, viewer, engine, mcp_call_list(), MCP_CALLS, "mcp_calls.html.j2",
                         title="Agent tool calls")
