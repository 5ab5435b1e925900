"""The user administration page (admins only): invite by mail, change a role, disable, enable, delete, and send
a password reset; each action is in the audit log and comes back to the page with what it did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.api.params import RecordId
from partnerops.auth.invitations import admin_reset, invite
from partnerops.auth.lifecycle import UnknownUserId, UserStateConflict, delete_user, disable_user, enable_user, set_role
from partnerops.auth.password_rules import WeakPassword
from partnerops.auth.users import DuplicateUser, InvalidEmail, UnknownPartner, list_users
from partnerops.domain.roles import Role, ScopeError
from partnerops.settings import Settings
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.queries.users import partner_choices
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Form = Annotated[dict[str, str], Depends(checked_form)]
Db = Annotated[Engine, Depends(engine_of)]
DONE = {"invited": "Invited {email}: the mail with its link is queued.", "role": "{email} has a new role.",
        "disabled": "Disabled {email}: signed out everywhere, its API tokens revoked.", "enabled": "Enabled {email}.",
        "reset": "Reset the password of {email}: the mail with its link is queued.",
        "deleted": "Deleted the user: its sign-in and tokens are gone, its audit trail kept."}  # fmt: skip


def admin(viewer: Annotated[Viewer, Depends(internal_viewer)]) -> Viewer:
    if viewer.principal.role is not Role.ADMIN:
        raise PageError(403, "User administration is for admins.")
    return viewer


Admin = Annotated[Viewer, Depends(admin)]


@router.get("/users")
def users_page(
    request: Request, viewer: Admin, conn: Annotated[Connection, Depends(connection)], done: str = "", email: str = ""
) -> Response:
    shown = {user.email for user in list_users(conn)}
    notice = DONE[done].format(email=email) if done in DONE and (email in shown or done == "deleted") else None
    return render(request, "users.html.j2", viewer, title="Users", users=list_users(conn), roles=list(Role),
                  partners=partner_choices(conn), notice=notice)  # fmt: skip


def _changed(engine: Engine, done: str, work: Callable[[Connection, datetime], str]) -> Response:
    """Apply `work` (returning the user's email) and come back to the page saying what was `done`."""
    try:
        with engine.begin() as conn:
            email = work(conn, datetime.now(UTC))
    except UnknownUserId as exc:
        raise PageError(404, str(exc)) from exc
    except (UserStateConflict, DuplicateUser, ScopeError, InvalidEmail, WeakPassword, UnknownPartner) as exc:
        raise PageError(400, f"{str(exc).capitalize()}.") from exc
    return RedirectResponse(f"/users?{urlencode({'done': done, 'email': email})}", status_code=303)


def _role(form: dict[str, str]) -> tuple[Role, int | None]:
    try:
        role = Role(form.get("role", ""))
        partner = form.get("partner_id", "")
        return role, (int(partner) if partner and role is Role.PARTNER_USER else None)
    except ValueError as exc:
        raise PageError(400, "Choose a role, and a partner for a partner user.") from exc


def _base_url(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.base_url


@router.post("/users/invite")
def invite_user(request: Request, viewer: Admin, engine: Db, form: Form) -> Response:
    role, partner_id = _role(form)
    return _changed(engine, "invited", lambda conn, now: invite(
        conn, form.get("email", ""), role, partner_id, viewer.email, _base_url(request), now).email)  # fmt: skip


@router.post("/users/{user_id}/role")
def change_role(user_id: RecordId, viewer: Admin, engine: Db, form: Form) -> Response:
    role, partner_id = _role(form)
    return _changed(engine, "role", lambda c, now: set_role(c, user_id, role, partner_id, viewer.email, now).email)


@router.post("/users/{user_id}/disable")
def disable(user_id: RecordId, viewer: Admin, engine: Db, _form: Form) -> Response:
    return _changed(engine, "disabled", lambda c, now: disable_user(c, user_id, viewer.email, now).email)


@router.post("/users/{user_id}/enable")
def enable(user_id: RecordId, viewer: Admin, engine: Db, _form: Form) -> Response:
    return _changed(engine, "enabled", lambda c, now: enable_user(c, user_id, viewer.email, now).email)


@router.post("/users/{user_id}/reset-password")
def reset_password(
    request: Request, user_id: RecordId, viewer: Admin, engine: Db, _form: Form
) -> Response:
    return _changed(engine, "reset", lambda c, now: admin_reset(c, user_id, viewer.email, _base_url(request),
                                                                now).email)  # fmt: skip


@router.post("/users/{user_id}/delete")
def delete(user_id: RecordId, viewer: Admin, engine: Db, form: Form) -> Response:
    if form.get("confirm") != "yes":
        raise PageError(400, "Tick the box to confirm the deletion.")

    def work(conn: Connection, now: datetime) -> str:
        delete_user(conn, user_id, viewer.email, now)
        return ""

    return _changed(engine, "deleted", work)
