"""Forms shown before anyone is signed in (password reset, set password): their CSRF token is a double-submit
cookie, which a form on another site can neither read nor send."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response

from partnerops.settings import Settings

__all__ = ["form_token_matches", "issue_form_token", "new_form_token"]

FORM_COOKIE = "partnerops_form_csrf"
COOKIE_PATH = "/password"


def issue_form_token(request: Request, response: Response) -> None:
    """Set the cookie holding the token `response`'s form carries (rendered as `form_token`)."""
    settings: Settings = request.app.state.settings
    response.set_cookie(FORM_COOKIE, request.state.form_token, httponly=True, samesite="strict",
                        secure=settings.secure_cookies, path=COOKIE_PATH)  # fmt: skip


def new_form_token(request: Request) -> str:
    request.state.form_token = secrets.token_urlsafe(32)
    return str(request.state.form_token)


def form_token_matches(request: Request, presented: str) -> bool:
    expected = request.cookies.get(FORM_COOKIE, "")
    return bool(expected and presented) and hmac.compare_digest(presented.encode(), expected.encode())
