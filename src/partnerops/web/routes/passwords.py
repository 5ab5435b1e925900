"""Pages for choosing a password without being signed in: asking for a reset link (the answer is the same
whether or not the email has an account) and setting the password through a one-time link from a mail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from partnerops.auth.invitations import link_holder, request_reset, use_link
from partnerops.auth.password_links import LinkNotValid, LinkPurpose
from partnerops.auth.password_rules import MIN_PASSWORD_LENGTH, WeakPassword
from partnerops.settings import Settings
from partnerops.web.access import engine_of
from partnerops.web.errors import PageError
from partnerops.web.public_form import form_token_matches, issue_form_token, new_form_token
from partnerops.web.rendering import render

router = APIRouter()
EXPIRED = "This link has expired or was already used. Ask for a new one below."
Text = Annotated[str, Form(max_length=1024)]


def _page(request: Request, template: str, status_code: int = 200, **context: object) -> Response:
    response = render(request, template, None, status_code, form_token=new_form_token(request),
                      min_length=MIN_PASSWORD_LENGTH, **context)  # fmt: skip
    issue_form_token(request, response)
    return response


def _checked(request: Request, csrf_token: str) -> None:
    if not form_token_matches(request, csrf_token):
        raise PageError(403, "The form expired or did not come from this site: reload the page and try again.")


@router.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    return _page(request, "users_forgot_password.html.j2", title="Reset your password", sent=False)


@router.post("/password/forgot")
def forgot(
    request: Request, engine: Annotated[Engine, Depends(engine_of)], email: Text = "", csrf_token: Text = ""
) -> Response:
    _checked(request, csrf_token)
    if email.strip():
        settings: Settings = request.app.state.settings
        with engine.begin() as conn:
            request_reset(conn, email, settings.base_url, datetime.now(UTC))
    return _page(request, "users_forgot_password.html.j2", title="Reset your password", sent=True)


@router.get("/password/set")
def set_page(request: Request, engine: Annotated[Engine, Depends(engine_of)], token: str = "") -> Response:
    try:
        with engine.connect() as conn:
            user, purpose = link_holder(conn, token, datetime.now(UTC))
    except LinkNotValid:
        return _page(request, "users_forgot_password.html.j2", 400, title="Reset your password", sent=False,
                     error=EXPIRED)  # fmt: skip
    return _set_form(request, token, user.email, purpose, None, 200)


def _set_form(request: Request, token: str, email: str, purpose: LinkPurpose, error: str | None,
              status_code: int) -> Response:  # fmt: skip
    title = "Choose your password" if purpose is LinkPurpose.INVITATION else "Choose a new password"
    return _page(request, "users_set_password.html.j2", status_code, title=title, token=token, email=email,
                 error=error)  # fmt: skip


@router.post("/password/set")
def set_password(
    request: Request, engine: Annotated[Engine, Depends(engine_of)], token: Text = "", password: Text = "",
    confirm: Text = "", csrf_token: Text = "",
) -> Response:  # fmt: skip
    _checked(request, csrf_token)
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            user, purpose = link_holder(conn, token, now)
            if password != confirm:
                return _set_form(request, token, user.email, purpose, "The two passwords differ: type it twice.", 400)
            use_link(conn, token, password, now)
    except LinkNotValid:
        return _page(request, "users_forgot_password.html.j2", 400, title="Reset your password", sent=False,
                     error=EXPIRED)  # fmt: skip
    except WeakPassword as exc:
        return _set_form(request, token, user.email, purpose, f"{str(exc).capitalize()}.", 400)
    return render(request, "users_password_set.html.j2", None, title="Password set", email=user.email)
