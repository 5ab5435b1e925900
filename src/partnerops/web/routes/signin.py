"""The login page (email and password to a session cookie) and signing out."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.api.dependencies import SESSION_COOKIE
from partnerops.api.errors import ApiError
from partnerops.api.routes.session import set_session_cookie, sign_in
from partnerops.auth.sessions import end_session
from partnerops.settings import Settings
from partnerops.web.access import checked_form, engine_of
from partnerops.web.rendering import render

router = APIRouter()

# Before there is a session the login form's CSRF token is a double-submit cookie: a cross-site form
# cannot read it, so it cannot send the matching field.
LOGIN_CSRF_COOKIE = "partnerops_login_csrf"


@router.get("/login")
def login_page(request: Request) -> Response:
    return _login_form(request, email="", error=None, status_code=200)


@router.post("/login")
def login(
    request: Request,
    engine: Annotated[Engine, Depends(engine_of)],
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf_token.encode(), expected.encode()):
        return _login_form(request, email, "The form expired: please sign in again.", 403)
    remote = request.client.host if request.client else None
    try:
        principal, session = sign_in(engine, email, password, remote)
    except ApiError as exc:
        return _login_form(request, email, _login_error(exc), exc.status)
    response = RedirectResponse("/portal" if principal.is_partner else "/", status_code=303)
    set_session_cookie(response, session, _settings(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request,
    engine: Annotated[Engine, Depends(engine_of)],
    _form: Annotated[dict[str, str], Depends(checked_form)],
) -> Response:
    with engine.begin() as connection:
        end_session(connection, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _login_form(request: Request, email: str, error: str | None, status_code: int) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html.j2", None, status_code, title="Sign in", email=email, error=error, login_csrf=token
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_settings(request).secure_cookies,
        path="/login",
    )  # fmt: skip
    return response


def _login_error(exc: ApiError) -> str:
    if exc.status == 429:
        return f"Too many failed sign-ins: {exc.message}."
    return "Wrong email or password."


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
