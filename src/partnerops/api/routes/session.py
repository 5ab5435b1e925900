"""Signing in and out of the web pages: a session cookie (HttpOnly, SameSite=Lax) plus a CSRF token. The login
is refused to other sites (see `login_csrf`); the administration of users rides on this router."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from partnerops.api.dependencies import (
    SESSION_COOKIE,
    AppSettings,
    CurrentPrincipal,
    DatabaseEngine,
    session_state,
)
from partnerops.api.errors import ApiError
from partnerops.api.login_csrf import check_login_origin, issue_login_token
from partnerops.api.routes.record_names import external_id
from partnerops.auth.rate_limit import TooManyAttempts, reserve_attempt, settle_attempt
from partnerops.auth.sessions import SESSION_LIFETIME, NewSession, SessionState, end_session, start_session
from partnerops.auth.users import authenticate, normalise_email
from partnerops.domain.roles import Principal
from partnerops.settings import Settings

router = APIRouter(tags=["session"])


class PrincipalOut(BaseModel):
    user_id: int
    email: str
    role: str
    partner_id: str | None = Field(description="A partner user's partner: its external id.")

    @classmethod
    def of(cls, engine: Engine, principal: Principal) -> PrincipalOut:
        with engine.connect() as conn:
            partner = external_id(conn, "partner", principal.partner_id)
        return cls(user_id=principal.user_id, email=principal.email, role=principal.role, partner_id=partner)


class SignedIn(BaseModel):
    user: PrincipalOut
    csrf_token: str


class LoginToken(BaseModel):
    csrf_token: str


def set_session_cookie(response: Response, session: NewSession, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE, session.key, max_age=int(SESSION_LIFETIME.total_seconds()), httponly=True,
        samesite="lax", secure=settings.secure_cookies, path="/",
    )  # fmt: skip


def sign_in(engine: Engine, email: str, password: str, remote: str | None) -> tuple[Principal, NewSession]:
    """Check the rate limit and the password, record the attempt, and start a session."""
    email = normalise_email(email)
    with engine.begin() as connection:
        try:
            attempt = reserve_attempt(connection, email, remote)
        except TooManyAttempts as exc:
            raise ApiError(429, str(exc), headers={"Retry-After": str(exc.retry_after_seconds)}) from exc
    with engine.begin() as connection:
        principal = authenticate(connection, email, password)
        settle_attempt(connection, attempt, principal is not None)
        if principal is not None:
            return principal, start_session(connection, principal.user_id)
    raise ApiError(401, "wrong email or password", code="invalid_credentials")


@router.get("/auth/login", response_model=LoginToken, summary="The token a sign-in without an Origin header sends")
def login_token(response: Response, settings: AppSettings) -> LoginToken:
    """Send it back with the login in `X-CSRF-Token` (or a `csrf_token` field), with the cookie this sets."""
    return LoginToken(csrf_token=issue_login_token(response, settings))


@router.post("/auth/login", response_model=SignedIn, summary="Sign in (sets the session cookie)")
def login(
    request: Request,
    response: Response,
    engine: DatabaseEngine,
    settings: AppSettings,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str | None, Form(max_length=100)] = None,
) -> SignedIn:
    """A browser's same-origin request passes by its `Origin`; a client that sends none first GETs the token."""
    check_login_origin(request, settings, csrf_token)
    remote = request.client.host if request.client else None
    principal, session = sign_in(engine, email, password, remote)
    set_session_cookie(response, session, settings)
    return SignedIn(user=PrincipalOut.of(engine, principal), csrf_token=session.csrf_token)


@router.post("/auth/logout", status_code=204, summary="Sign out (ends the session)")
def logout(
    response: Response,
    engine: DatabaseEngine,
    _principal: CurrentPrincipal,
    request: Request,
    session: Annotated[SessionState | None, Depends(session_state)],
) -> None:
    key = request.cookies.get(SESSION_COOKIE)
    if session is not None and key:
        with engine.begin() as connection:
            end_session(connection, key)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/auth/me", response_model=PrincipalOut, summary="Who is signed in")
def me(principal: CurrentPrincipal, engine: DatabaseEngine) -> PrincipalOut:
    """The caller; a partner user's partner by its external id."""
    return PrincipalOut.of(engine, principal)
