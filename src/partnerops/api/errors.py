"""One error body for every failure: {"error": {"code", "message", "field"?}}, with the matching status."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from partnerops.domain.roles import ScopeError

__all__ = ["ERROR_RESPONSES", "ApiError", "ErrorBody", "ProblemDetail", "install_error_handlers"]


class ProblemDetail(BaseModel):
    """One reason a record was refused: which record of the request (0-based), field, value and why."""

    index: int
    field: str
    value: str | None = None
    reason: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    # Every problem of every refused record, when a record write was refused.
    problems: list[ProblemDetail] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERROR_LOG = logging.getLogger("partnerops.errors")

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 422, 429)
}

_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_requests", 500: "internal",
          503: "unavailable"}  # fmt: skip


class ApiError(Exception):
    """An expected failure to report to the client as it is."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, field: str | None = None,
        headers: dict[str, str] | None = None, problems: list[ProblemDetail] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.field = field
        self.headers = headers
        self.problems = problems


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


def error_response(
    status: int, code: str, message: str, field: str | None = None, headers: Mapping[str, str] | None = None,
    problems: list[ProblemDetail] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, field=field, problems=problems))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers, exc.problems)


async def _scope_error(_request: Request, exc: Exception) -> JSONResponse:
    return error_response(403, "forbidden", str(exc))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), message, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    location = [str(part) for part in first.get("loc", ())]
    field = ".".join(location[1:]) or None
    return error_response(422, "invalid", str(first.get("msg", "invalid request")), field)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Anything unforeseen: a reference the user can quote and the log holds (with the traceback), never the
    traceback itself. An unreachable database is a 503 that says so."""
    from sqlalchemy.exc import OperationalError

    reference = secrets.token_hex(4)
    ERROR_LOG.error(json.dumps({"reference": reference, "method": request.method, "path": request.url.path,
                                "error": type(exc).__name__}), exc_info=exc)
    if isinstance(exc, OperationalError):
        status, code, message = 503, "unavailable", f"the database cannot be reached; try again shortly " \
                                                     f"(reference {reference})"
    else:
        status, code, message = 500, "internal", f"something went wrong on our side (reference {reference})"
    page = getattr(request.app.state, "error_page", None)
    if page is not None and not request.url.path.startswith("/api/"):
        rendered: Response = page(request, status, message)
        return rendered
    return error_response(status, code, message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ScopeError, _scope_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
