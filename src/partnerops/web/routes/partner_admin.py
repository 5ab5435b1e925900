"""Creating and editing partners from the pages (admins and partner managers): type, tier, stage, owner and domain
under the import's rules (a partner from a CRM keeps its CRM's own fields), audited; an edit made from a version
someone changed meanwhile is refused with a 409 instead of overwriting their change."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine, select

from partnerops.domain.enums import LifecycleStage, PartnerType
from partnerops.domain.roles import Role
from partnerops.records.edits import Edit, current, edit_record
from partnerops.records.errors import FieldOwnedBySource, InvalidRecord, StaleRecord
from partnerops.records.landing import LOCAL_SYSTEM, land_records
from partnerops.records.versions import version_of
from partnerops.store.record_refs import AmbiguousRecord, RecordRef, UnknownRecord, find_record
from partnerops.store.tables import partners
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
EDITABLE = ("type", "tier", "stage", "owner", "domain")
PartnerRef = Annotated[str, Path(min_length=1, max_length=300)]
Form = Annotated[dict[str, str], Depends(checked_form)]
DONE = {"created": "Created {partner}.", "saved": "Saved {partner}.",
        "setup": "You are the admin. Create your partners here, and invite your colleagues on the Users page."}


def manager(viewer: Annotated[Viewer, Depends(internal_viewer)]) -> Viewer:
    if viewer.principal.role not in (Role.ADMIN, Role.PARTNER_MANAGER):
        raise PageError(403, "Creating and editing partners is for admins and partner managers.")
    return viewer


Manager = Annotated[Viewer, Depends(manager)]


def _listed(conn: Connection) -> list[dict[str, Any]]:
    p = partners.c
    query = select(p.source_system, p.external_id, p.name, p.type, p.tier, p.stage, p.owner, p.domain)
    return [dict(row._mapping) for row in conn.execute(query.where(p.deleted_at.is_(None)).order_by(p.name))]


def _choices() -> dict[str, list[str]]:
    return {"types": [t.value for t in PartnerType], "stages": [s.value for s in LifecycleStage]}


@router.get("/admin/partners")
def partners_admin(request: Request, viewer: Manager, conn: Annotated[Connection, Depends(connection)],
                   done: str = "", partner: str = "") -> Response:
    notice = DONE[done].format(partner=partner) if done in DONE else None
    return render(request, "partner_admin.html.j2", viewer, title="Manage partners", partners=_listed(conn),
                  notice=notice, error=None, form={}, choices=_choices())  # fmt: skip


def _problem_text(exc: InvalidRecord) -> str:
    return "; ".join(f"{p.field}: {p.reason}" for p in exc.problems)


@router.post("/admin/partners")
def create_partner(request: Request, viewer: Manager, engine: Annotated[Engine, Depends(engine_of)],
                   form: Form) -> Response:
    record = {name: form.get(name, "").strip() or None for name in ("id", "name", *EDITABLE)}
    try:
        land_records(engine, "partners", [record], viewer.email, "partner page", whole=True)
    except InvalidRecord as exc:
        with engine.connect() as conn:
            return render(request, "partner_admin.html.j2", viewer, 400, title="Manage partners",
                          partners=_listed(conn), notice=None, error=_problem_text(exc), form=record,
                          choices=_choices())  # fmt: skip
    named = f"{record['name']} ({record['id']})"
    return RedirectResponse(f"/admin/partners?{urlencode({'done': 'created', 'partner': named})}", status_code=303)


def _partner(conn: Connection, ref: str) -> RecordRef:
    try:
        found = find_record(conn, "partner", ref)
    except (UnknownRecord, AmbiguousRecord) as exc:
        raise PageError(404, f"{str(exc).capitalize()}.") from exc
    if found.deleted:
        raise PageError(404, f"{found.label} was deleted in {found.source_system}.")
    return found


def _edit_form(request: Request, viewer: Viewer, row: dict[str, Any], version: str, error: str | None,
               status_code: int = 200, shown: dict[str, Any] | None = None) -> Response:
    local = row["source_system"] == LOCAL_SYSTEM
    return render(request, "partner_edit.html.j2", viewer, status_code, title=f"Edit {row['name']}", partner=row,
                  values=shown or row, version=version, error=error, local=local, choices=_choices())  # fmt: skip


@router.get("/admin/partners/{partner_id}/edit")
def edit_page(request: Request, partner_id: PartnerRef, viewer: Manager,
              conn: Annotated[Connection, Depends(connection)]) -> Response:
    row = current(conn, partners, _partner(conn, partner_id).id)
    return _edit_form(request, viewer, row, version_of(row), None)


@router.post("/admin/partners/{partner_id}/edit")
def save_partner(request: Request, partner_id: PartnerRef, viewer: Manager,
                 engine: Annotated[Engine, Depends(engine_of)], form: Form) -> Response:
    with engine.connect() as conn:
        found = _partner(conn, partner_id)
        row = current(conn, partners, found.id)
    names = EDITABLE + (("name",) if row["source_system"] == LOCAL_SYSTEM else ())
    changes = {name: form.get(name, "").strip() or None for name in names}
    changes = {name: value for name, value in changes.items() if value != row[name]}
    edit = Edit("partners", found.id, found.label, changes, viewer.email, f"partner page: {found.label}",
                form.get("version", ""))
    try:
        edit_record(engine, edit)
    except StaleRecord as exc:
        with engine.connect() as conn:
            fresh = current(conn, partners, found.id)
        return _edit_form(request, viewer, fresh, version_of(fresh), f"{exc}.", 409)
    except (InvalidRecord, FieldOwnedBySource) as exc:
        text = _problem_text(exc) if isinstance(exc, InvalidRecord) else str(exc)
        return _edit_form(request, viewer, row, form.get("version", ""), f"{text}.", 400, row | changes)
    query = urlencode({"done": "saved", "partner": found.label})
    return RedirectResponse(f"/admin/partners?{query}#partner-{quote(found.external_id)}", status_code=303)
