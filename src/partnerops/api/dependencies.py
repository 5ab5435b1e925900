"""Request dependencies: the engine, the settings, and who is asking (`current_principal`) with role checks.

A request is authenticated by `Authorization: Bearer <token>` (API clients) or by the session cookie (pages).
A cookie-authenticated unsafe request must also carry the session's CSRF token, in the `X-CSRF-Token`
header or a `csrf_token` form field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from partnerops.api.errors import ApiError
from partnerops.auth.sessions import SessionState, find_session
from partnerops.auth.tokens import TokenGrant, TokenScope, grant_for_token
from partnerops.domain.roles import Principal, Role
from partnerops.settings import Settings

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "CurrentPrincipal",
    "DatabaseEngine",
    "InternalPrincipal",
    "AppSettings",
    "current_principal",
    "require_roles",
]

SESSION_COOKIE = "partnerops_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INTERNAL_ROLES = (Role.ADMIN, Role.PARTNER_MANAGER, Role.SALES, Role.FINANCE)

_bearer = HTTPBearer(auto_error=False, description="An API token from `partnerops users token EMAIL`.")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="The session cookie set by the login.")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseEngine = Annotated[Engine, Depends(get_engine)]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


def _token_grant(engine: Engine, token: str) -> TokenGrant | None:
    with engine.begin() as connection:
        return grant_for_token(connection, token)


def _session_state(engine: Engine, key: str) -> SessionState | None:
    with engine.connect() as connection:
        return find_session(connection, key)


async def _presented_csrf(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def session_state(
    request: Request, engine: DatabaseEngine, cookie: Annotated[str | None, Depends(_cookie)]
) -> SessionState | None:
    """The live web session behind the cookie, if any (pages use it to show the CSRF token in forms)."""
    return None if not cookie else await run_in_threadpool(_session_state, engine, cookie)


async def caller(
    request: Request,
    engine: DatabaseEngine,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[SessionState | None, Depends(session_state)],
) -> TokenGrant:
    """Who is asking, and what a limited token may do: from the API token when one is sent, else from the
    session cookie (with CSRF), which is never limited."""
    if bearer is not None:
        grant = await run_in_threadpool(_token_grant, engine, bearer.credentials)
        if grant is None:
            raise _unauthenticated("the API token is unknown or revoked")
        request.state.user_id = grant.principal.user_id
        return grant
    if session is None:
        raise _unauthenticated("sign in, or send an API token as `Authorization: Bearer <token>`")
    if request.method not in SAFE_METHODS and not session.csrf_matches(await _presented_csrf(request)):
        raise ApiError(403, f"missing or wrong CSRF token: send it in {CSRF_HEADER}", code="csrf_failed")
    request.state.user_id = session.principal.user_id
    return TokenGrant(session.principal, None)


Caller = Annotated[TokenGrant, Depends(caller)]


def _within_scope(grant: TokenGrant, scope: TokenScope | None) -> Principal:
    if grant.scope is not None and grant.scope is not scope:
        raise ApiError(403, f"this API token may only be used for {grant.scope.value}", code="token_scope")
    return grant.principal


def current_principal(grant: Caller) -> Principal:
    """The caller, refused when its token is limited to something else."""
    return _within_scope(grant, None)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role, token_scope: TokenScope | None = None) -> Callable[[TokenGrant], Principal]:
    """A dependency that lets only `roles` through (403 for anyone else); a token limited to `token_scope` may
    pass too, any other limited token may not."""
    allowed = frozenset(roles)

    def check(grant: Caller) -> Principal:
        principal = _within_scope(grant, token_scope)
        if principal.role not in allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            raise ApiError(403, f"this needs one of the roles: {names}")
        return principal

    return check


InternalPrincipal = Annotated[Principal, Depends(require_roles(*INTERNAL_ROLES))]
