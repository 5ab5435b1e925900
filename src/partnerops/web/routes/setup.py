"""The one-time setup page: on an empty database it creates the first admin and signs them in; once anyone
exists it is gone (404). `partnerops users add --role admin` does the same from the command line."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.api.routes.session import set_session_cookie, sign_in
from partnerops.auth.first_admin import SetupDone, create_first_admin, setup_open
from partnerops.auth.password_rules import MIN_PASSWORD_LENGTH, WeakPassword
from partnerops.auth.users import InvalidEmail
from partnerops.settings import Settings
from partnerops.web.access import engine_of
from partnerops.web.errors import PageError
from partnerops.web.rendering import render

router = APIRouter()
Text = Annotated[str, Form(max_length=1024)]
GONE = "There is nothing to set up here: PartnerOps is set up already."
# Nobody is signed in yet: the form's CSRF token is a double-submit cookie, as on the login page.
SETUP_CSRF_COOKIE = "partnerops_setup_csrf"


def _open(engine: Engine) -> None:
    with engine.connect() as conn:
        if not setup_open(conn):
            raise PageError(404, GONE)


def _form(request: Request, email: str, error: str | None, status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "setup.html.j2", None, status_code, title="Set up PartnerOps", email=email,
                      error=error, form_token=token, min_length=MIN_PASSWORD_LENGTH)  # fmt: skip
    settings: Settings = request.app.state.settings
    response.set_cookie(SETUP_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies,
                        path="/setup")  # fmt: skip
    return response


def _token_matches(request: Request, presented: str) -> bool:
    expected = request.cookies.get(SETUP_CSRF_COOKIE, "")
    return bool(expected and presented) and hmac.compare_digest(presented.encode(), expected.encode())


@router.get("/setup")
def setup_page(request: Request, engine: Annotated[Engine, Depends(engine_of)]) -> Response:
    _open(engine)
    return _form(request, "", None)


@router.post("/setup")
def set_up(request: Request, engine: Annotated[Engine, Depends(engine_of)], email: Text = "", password: Text = "",
           confirm: Text = "", csrf_token: Text = "") -> Response:
    _open(engine)
    if not _token_matches(request, csrf_token):
        raise PageError(403, "The form expired or did not come from this site: reload the page and try again.")
    if password != confirm:
        return _form(request, email, "The two passwords differ: type the same one twice.", 400)
    try:
        create_first_admin(engine, email, password)
    except SetupDone as exc:
        raise PageError(404, GONE) from exc
    except (InvalidEmail, WeakPassword) as exc:
        return _form(request, email, f"{str(exc).capitalize()}.", 400)
    _, session = sign_in(engine, email, password, request.client.host if request.client else None)
    response = RedirectResponse("/admin/partners?done=setup", status_code=303)
    settings: Settings = request.app.state.settings
    set_session_cookie(response, session, settings)
    return response
