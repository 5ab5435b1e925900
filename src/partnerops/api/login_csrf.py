"""Login CSRF: a cross-site form must not be able to sign a browser in to an account of the attacker's. The
cookie-setting login takes either a same-origin `Origin` (or, without one, `Referer`) or the token a prior
GET of the login gave, sent back in `X-CSRF-Token` or a `csrf_token` field beside its cookie (double submit)."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request, Response

from partnerops.api.errors import ApiError
from partnerops.settings import Settings

__all__ = ["LOGIN_CSRF_COOKIE", "check_login_origin", "issue_login_token"]

LOGIN_CSRF_COOKIE = "partnerops_api_login_csrf"
LOGIN_PATH = "/api/v1/auth/login"


def issue_login_token(response: Response, settings: Settings) -> str:
    token = secrets.token_urlsafe(32)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies,
                        path=LOGIN_PATH)  # fmt: skip
    return token


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def _same_origin(request: Request, settings: Settings) -> bool | None:
    """True or False when the browser said where the form came from; None when it said nothing."""
    claimed = request.headers.get("origin")
    if claimed is None:
        referer = request.headers.get("referer")
        claimed = None if referer is None else (_origin(referer) or "null")
    if claimed is None:
        return None
    ours = {_origin(str(request.base_url)), _origin(settings.base_url)}
    return claimed.lower() in ours


def _token_matches(request: Request, presented: str | None) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    presented = request.headers.get("x-csrf-token") or presented
    return bool(expected and presented) and hmac.compare_digest(str(presented).encode(), str(expected).encode())


def check_login_origin(request: Request, settings: Settings, presented: str | None) -> None:
    """Refuse (403) a login from another site: a foreign origin always; no origin at all without the token."""
    same = _same_origin(request, settings)
    if same is False or (same is None and not _token_matches(request, presented)):
        raise ApiError(403, "a sign-in must come from this site: send the Origin header, or the token of "
                            f"GET {LOGIN_PATH} in X-CSRF-Token", code="csrf_failed")  # fmt: skip
