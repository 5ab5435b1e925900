"""API tokens (admins only): make one for a user (all it may do, or only one scope), shown once and never again;
list every token with when it was last used; revoke one. Each change is in the user's audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.auth.tokens import TokenScope, UnknownToken, create_token, list_tokens, revoke_token
from partnerops.auth.users import UserRecord, list_users
from partnerops.domain.input_errors import InvalidValue
from partnerops.domain.text_rules import name_text
from partnerops.web.access import checked_form, connection, engine_of
from partnerops.web.errors import PageError
from partnerops.web.rendering import render
from partnerops.web.routes.users import Admin
from partnerops.web.viewer import Viewer

router = APIRouter()
Form = Annotated[dict[str, str], Depends(checked_form)]


def _page(request: Request, viewer: Viewer, conn: Connection, status_code: int = 200, notice: str | None = None,
          new_token: str | None = None, error: str | None = None) -> Response:
    users = [user for user in list_users(conn) if user.is_active]
    response = render(request, "tokens.html.j2", viewer, status_code, title="API tokens",
                      tokens=list_tokens(conn), users=users, scopes=list(TokenScope), notice=notice,
                      new_token=new_token, error=error)  # fmt: skip
    # The page may hold a token shown once: no cache keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin/tokens")
def tokens_page(request: Request, viewer: Admin, conn: Annotated[Connection, Depends(connection)],
                revoked: str = "") -> Response:
    notice = f"Revoked the token {revoked}…: it no longer works." if revoked else None
    return _page(request, viewer, conn, notice=notice)


def _scope(form: dict[str, str]) -> TokenScope | None:
    chosen = form.get("scope", "")
    try:
        return TokenScope(chosen) if chosen else None
    except ValueError as exc:
        raise PageError(400, f"There is no token scope {chosen!r}.") from exc


@router.post("/admin/tokens")
def make_token(request: Request, viewer: Admin, engine: Annotated[Engine, Depends(engine_of)],
               form: Form) -> Response:
    """The token is in this answer only (not a redirect: it must not sit in a URL or the history)."""
    users = {str(user.id): user for user in _active(engine)}
    user = users.get(form.get("user_id", ""))
    if user is None:
        raise PageError(400, "Choose the user the token acts as.")
    try:
        name = name_text(form.get("name", ""), "name")
    except InvalidValue as exc:
        with engine.connect() as conn:
            return _page(request, viewer, conn, 400, error=f"Token name: {exc.reason}.")
    with engine.begin() as conn:
        token = create_token(conn, user.id, name, _scope(form), actor=viewer.email)
        return _page(request, viewer, conn, 201, notice=f"Made the token {name!r} for {user.email}.",
                     new_token=token)  # fmt: skip


def _active(engine: Engine) -> list[UserRecord]:
    with engine.connect() as conn:
        return [user for user in list_users(conn) if user.is_active]


@router.post("/admin/tokens/revoke")
def revoke(viewer: Admin, engine: Annotated[Engine, Depends(engine_of)], form: Form) -> Response:
    prefix = form.get("prefix", "")
    try:
        with engine.begin() as conn:
            revoked = revoke_token(conn, prefix, datetime.now(UTC), actor=viewer.email)
    except UnknownToken as exc:
        raise PageError(404, f"{str(exc).capitalize()}.") from exc
    return RedirectResponse(f"/admin/tokens?{urlencode({'revoked': revoked.prefix})}", status_code=303)
