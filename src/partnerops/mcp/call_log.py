"""Every tool call kept for review: who, which tool, the arguments with secrets removed, the result's size and how
long it took; the admin page lists them newest first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select

from partnerops.mcp.callers import Caller
from partnerops.store.auth_tables import api_tokens
from partnerops.store.mcp_tables import mcp_tool_calls
from partnerops.store.tables import users

__all__ = ["REDACTED", "LoggedCall", "list_calls", "log_call", "redacted"]

REDACTED = "[redacted]"
# An argument whose name says it holds a secret is never stored, whatever the tool.
_SECRET_NAME = re.compile(r"token|secret|password|passwd|api[_-]?key|authori[sz]ation|cookie|credential", re.I)
# A value that looks like one of our API tokens or a bearer credential is removed wherever it appears.
_SECRET_VALUE = re.compile(r"po_[A-Za-z0-9_-]{16,}|Bearer\s+\S+", re.I)


def redacted(value: Any, name: str = "") -> Any:
    """VALUE with secrets replaced: under a secret-like name, or text that looks like a token."""
    if name and _SECRET_NAME.search(name):
        return REDACTED
    if isinstance(value, dict):
        return {str(key): redacted(item, str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redacted(item) for item in value]
    if isinstance(value, str):
        return _SECRET_VALUE.sub(REDACTED, value)
    return value


def log_call(engine: Engine, caller: Caller, tool: str, arguments: dict[str, Any], *, error: str | None,
             result_bytes: int, duration_ms: int) -> None:  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(mcp_tool_calls).values(
            called_at=datetime.now(UTC), user_id=caller.principal.user_id, token_id=caller.token_id,
            transport=caller.transport, tool=tool, arguments=redacted(json.loads(json.dumps(arguments, default=str))),
            outcome="ok" if error is None else "error", error=error, result_bytes=result_bytes,
            duration_ms=duration_ms,
        ))  # fmt: skip


@dataclass(frozen=True)
class LoggedCall:
    called_at: datetime
    email: str
    token: str
    transport: str
    tool: str
    arguments: dict[str, Any]
    outcome: str
    error: str | None
    result_bytes: int
    duration_ms: int


def list_calls(engine: Engine, limit: int, offset: int, tool: str | None = None) -> tuple[list[LoggedCall], int]:
    """One page of calls, newest first, and how many there are (of one tool with `tool`)."""
    c = mcp_tool_calls.c
    where = [c.tool == tool] if tool else []
    query = (
        select(c.called_at, users.c.email, api_tokens.c.prefix.label("token"), c.transport, c.tool, c.arguments,
               c.outcome, c.error, c.result_bytes, c.duration_ms)
        .join_from(mcp_tool_calls, users, users.c.id == c.user_id)
        .join(api_tokens, api_tokens.c.id == c.token_id)
        .where(*where)
        .order_by(c.called_at.desc(), c.id.desc())
    )  # fmt: skip
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(mcp_tool_calls).where(*where)).scalar_one()
        rows = conn.execute(query.limit(limit).offset(offset)).all()
    return [LoggedCall(**row._asdict()) for row in rows], int(total)
