"""The quarantine page: rows an import could not land, to search, fix and retry, or discard, one at a time, the
selected ones, or every open one the filter matches; and the imports page listing every import run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData

from partnerops.domain.roles import Role
from partnerops.web.access import WholeForm, checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import list_response, requested_from
from partnerops.web.listing import matching
from partnerops.web.queries.quarantine import IMPORT_LIST, QUARANTINE_LIST, import_list, quarantine_list
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
# Who may land or give up quarantined rows: those who run imports and decide records.
WORKERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER})
_ACTIONS = ("retry", "discard")



@router.get("/quarantine")
def quarantine_page(request: Request, viewer: Internal, engine: Database) -> Response:
    return list_response(request, viewer, engine, quarantine_list(), QUARANTINE_LIST, "quarantine.html.j2",
                         title="Quarantine", done=_done(request), may_work=viewer.principal.role in WORKERS)


@router.get("/imports")
def imports_page(request: Request, viewer: Internal, engine: Database) -> Response:
    return list_response(request, viewer, engine, import_list(), IMPORT_LIST, "imports.html.j2", title="Imports")


@router.post("/quarantine/bulk")
def work_many(viewer: Internal, engine: Database, form: WholeForm) -> Response:
    """Retry or discard the selected entries, or with `scope=all` every open entry the posted filter matches,
    provided that is still the count the user confirmed (else 409)."""
    action = _action(viewer, str(form.get("action", "")))
    ids = _all_matching(engine, form) if form.get("scope") == "all" else _selected(form)
    if not ids:
        raise PageError(400, "Select at least one row, or act on all that match the filter.")
    return _act(engine, viewer, action, ids, {})


@router.post("/quarantine/{quarantine_id}/{action}")
def work_one(quarantine_id: int, action: str, viewer: Internal, engine: Database, form: Form) -> Response:
    """Retry one entry, with a fix (FIELD set to VALUE) when given, or discard it."""
    chosen = _action(viewer, action)
    field, value = form.get("fix_field", "").strip(), form.get("fix_value", "")
    return _act(engine, viewer, chosen, [quarantine_id], {field: value} if field else {})


def _act(engine: Engine, viewer: Viewer, action: str, ids: list[int], fixes: dict[str, str]) -> Response:
    from partnerops.ingest.quarantine import QuarantineFilter, discard_where, retry_where

    where = QuarantineFilter(limit=None, ids=tuple(ids))
    if action == "discard":
        discarded = discard_where(engine, where, viewer.email)
        done, changed = f"discarded={discarded}", discarded > 0
    else:
        report = retry_where(engine, where, fixes, viewer.email)
        done, changed = f"landed={report.landed}&still_open={report.open}", report.landed + report.open > 0
    if not changed:
        raise PageError(409, "Nothing changed: none of these rows is open any more (someone else retried or "
                             "discarded them). Reload the quarantine.")
    return RedirectResponse(f"/quarantine?{done}", status_code=303)


def _action(viewer: Viewer, action: str) -> str:
    if action not in _ACTIONS:
        raise PageError(404, f"Unknown action {action!r}: retry or discard.")
    if viewer.principal.role not in WORKERS:
        raise PageError(403, "Retrying or discarding quarantined rows is for admins and partner managers.")
    return action


def _done(request: Request) -> str:
    got = {k: v for k, v in request.query_params.items() if k in ("discarded", "landed", "still_open")}
    if not all(v.isdigit() for v in got.values()):
        return ""
    if "discarded" in got:
        return f"{_rows(got['discarded'])} discarded."
    if "landed" in got:
        return f"{_rows(got['landed'])} landed; {_rows(got.get('still_open', '0'))} still open."
    return ""


def _rows(count: str) -> str:
    return f"{int(count):,} row" + ("" if int(count) == 1 else "s")


def _selected(form: FormData) -> list[int]:
    values = [str(v) for v in form.getlist("entry")]
    if not all(v.isdigit() and int(v) < 2**31 for v in values):
        raise PageError(400, "entry: every selected row is an entry number.")
    return [int(v) for v in values]


def _all_matching(engine: Engine, form: FormData) -> list[int]:
    """Every open entry the posted filter matches, if as many as the user was shown and confirmed."""
    params = {k: str(v) for k, v in form.items()} | {"status": "open"}
    query = matching(quarantine_list(), QUARANTINE_LIST, requested_from(params, QUARANTINE_LIST))
    with engine.connect() as conn:
        ids = [int(i) for i in conn.execute(query.with_only_columns(query.selected_columns.id)).scalars()]
    confirmed = str(form.get("confirm_count", ""))
    if confirmed != str(len(ids)):
        raise PageError(409, f"The quarantine changed: {len(ids):,} open rows match the filter now, not "
                             f"{confirmed or 0}. Review the list again before acting on them all.")
    return ids
