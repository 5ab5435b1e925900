"""FastAPI dependencies for pages: the database engine, the signed-in viewer, role gates, and CSRF checks."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine
from starlette.datastructures import FormData

from partnerops.api.dependencies import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE
from partnerops.auth.sessions import find_session
from partnerops.auth.users import user_by_id
from partnerops.web.errors import NotSignedIn, PageError
from partnerops.web.viewer import Viewer


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def connection(engine: Annotated[Engine, Depends(engine_of)]) -> Iterator[Connection]:
    """A read connection for the page's queries."""
    with engine.connect() as conn:
        yield conn


def current_viewer(request: Request, engine: Annotated[Engine, Depends(engine_of)]) -> Viewer:
    key = request.cookies.get(SESSION_COOKIE)
    if not key:
        raise NotSignedIn()
    with engine.begin() as conn:
        state = find_session(conn, key)
        user = user_by_id(conn, state.principal.user_id) if state else None
    if state is None:
        raise NotSignedIn()
    viewer = Viewer(state.principal, state.csrf_token, user.partner_name if user else None)
    request.state.viewer = viewer
    return viewer


def internal_viewer(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """Internal screens: a partner's user is refused."""
    if viewer.principal.is_partner:
        raise PageError(403, "This page is for partner operations staff.")
    return viewer


def partner_viewer(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """Portal screens: only a partner's user, which sees its own partner."""
    if not viewer.principal.is_partner:
        raise PageError(403, "The portal is for partner users; staff use the internal pages.")
    return viewer


async def checked_form(request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]) -> dict[str, str]:
    """The posted form, after its CSRF token (form field or htmx header) matched the session's."""
    form = await request.form()
    presented = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not isinstance(presented, str) or not _same(presented, viewer.csrf_token):
        raise PageError(403, "The form expired or did not come from this site: reload the page and try again.")
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def checked_whole_form(request: Request, _checked: Annotated[dict[str, str], Depends(checked_form)]) -> FormData:
    """The posted form with repeated fields kept (the rows a bulk action selects), after its CSRF check."""
    return await request.form()


# A route's bulk form: `form: WholeForm`.
WholeForm = Annotated[FormData, Depends(checked_whole_form)]


def _same(presented: str, expected: str) -> bool:
    return hmac.compare_digest(presented.encode(), expected.encode())
