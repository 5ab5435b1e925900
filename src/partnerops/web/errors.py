"""Failures a page reports as a page: not signed in (to the login page), forbidden, not found, bad form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from partnerops.registrations.errors import (
    InvalidRegistration,
    InvalidTransition,
    ReasonRequired,
    RegistrationForbidden,
    RegistrationNotFound,
)
from partnerops.web.rendering import render

__all__ = ["NotSignedIn", "PageError", "install_page_errors", "registration_errors"]


class NotSignedIn(Exception):
    """No live session: the viewer is sent to the login page."""


class PageError(Exception):
    """An expected failure shown as an HTML page with its status (403, 404, 400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found"}


def install_page_errors(app: FastAPI) -> None:
    app.add_exception_handler(NotSignedIn, _to_login)
    app.add_exception_handler(PageError, _error_page)
    # The API's handler of the unforeseen answers pages with this styled page instead of a JSON body.
    app.state.error_page = _unexpected_page


def _unexpected_page(request: Request, status: int, message: str) -> Response:
    viewer = getattr(request.state, "viewer", None)
    title = "Temporarily unavailable" if status == 503 else "Something went wrong"
    return render(request, "error.html.j2", viewer, status, title=title, message=message)


async def _to_login(request: Request, _exc: Exception) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse("/login", status_code=303)


async def _error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    viewer = getattr(request.state, "viewer", None)
    title = _TITLES.get(exc.status, "Error")
    return render(request, "error.html.j2", viewer, exc.status, title=title, message=exc.message)


@contextmanager
def registration_errors() -> Iterator[None]:
    """The registration service's refusals as pages: not found 404, forbidden 403, a refused change 400."""
    try:
        yield
    except RegistrationNotFound as exc:
        raise PageError(404, str(exc)) from exc
    except RegistrationForbidden as exc:
        raise PageError(403, str(exc)) from exc
    except (InvalidTransition, ReasonRequired, InvalidRegistration) as exc:
        raise PageError(400, str(exc)) from exc
