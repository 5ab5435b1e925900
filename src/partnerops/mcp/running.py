"""One tool call from start to log: find the caller, do the work in its scope, turn an expected failure into the
message the agent reads, and log the call whatever happened."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import ValidationError
from sqlalchemy import Engine

from partnerops.api.errors import ApiError
from partnerops.commissions.errors import CommissionError
from partnerops.mcp.call_log import log_call
from partnerops.mcp.callers import Caller, NotAuthenticated, caller_of
from partnerops.mcp.quota import ProposalLimitReached
from partnerops.program.errors import ProgramError
from partnerops.registrations.errors import RegistrationError
from partnerops.routing.errors import RoutingError
from partnerops.store.record_refs import AmbiguousRecord
from partnerops.touches.errors import TouchError

__all__ = ["Work", "run_tool"]

Work = Callable[[Caller], dict[str, Any]]
# Failures the agent is told about in words; anything else is a fault, reported without its details.
_EXPECTED = (ApiError, PermissionError, LookupError, ValueError, ProposalLimitReached, AmbiguousRecord, ProgramError,
             RegistrationError, TouchError, CommissionError, RoutingError)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
    if isinstance(exc, ApiError):
        return exc.message if exc.field is None else f"{exc.field}: {exc.message}"
    return str(exc)


def run_tool(ctx: Context, engine: Engine, stdio_token: str | None, tool: str, arguments: dict[str, Any],
             work: Work) -> dict[str, Any]:  # fmt: skip
    """WORK done as the caller, logged; an expected failure becomes a ToolError whose text the agent reads."""
    try:
        caller = caller_of(ctx.request_context.request, engine, stdio_token)
    except NotAuthenticated as exc:
        raise ToolError(str(exc)) from exc
    started = time.perf_counter()
    error: str | None = None
    size = 0
    try:
        result = work(caller)
        size = len(json.dumps(result, default=str))
        return result
    except KeyError as exc:  # a LookupError, but a fault of ours, not an answer
        error = f"internal error ({type(exc).__name__})"
        raise
    except (ValidationError, *_EXPECTED) as exc:
        error = _message(exc)
        raise ToolError(error) from exc
    except Exception as exc:
        error = f"internal error ({type(exc).__name__})"
        raise
    finally:
        duration = round((time.perf_counter() - started) * 1000)
        log_call(engine, caller, tool, arguments, error=error, result_bytes=size, duration_ms=duration)
