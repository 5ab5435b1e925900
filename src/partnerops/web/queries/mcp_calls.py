"""The MCP tool calls for the admin page, newest first: who called which tool through which token, with the
arguments as logged (secrets removed), the outcome, the result's size and how long it took."""

from __future__ import annotations

from sqlalchemy import Select, select

from partnerops.store.auth_tables import api_tokens
from partnerops.store.mcp_tables import mcp_tool_calls
from partnerops.store.tables import users
from partnerops.web.listing import Column, Filter, ListSpec

__all__ = ["MCP_CALLS", "mcp_call_list"]

MCP_CALLS = ListSpec(
    noun="tool calls",
    columns=(Column("called_at", "When"), Column("email", "Who"), Column("token", "Token"),
             Column("transport", "Transport"), Column("tool", "Tool"), Column("arguments", "Arguments", sortable=False),
             Column("outcome", "Outcome"), Column("result_bytes", "Result (bytes)"), Column("duration_ms", "ms")),
    default_sort="-called_at",
    search=("email", "tool", "error"),
    filters=(Filter("tool", "Tool"), Filter("outcome", "Outcome", ("ok", "error")),
             Filter("transport", "Transport", ("http", "stdio"))),
    exported=(Column("called_at", "When"), Column("email", "Who"), Column("token", "Token"),
              Column("transport", "Transport"), Column("tool", "Tool"), Column("arguments", "Arguments"),
              Column("outcome", "Outcome"), Column("error", "Error"), Column("result_bytes", "Result (bytes)"),
              Column("duration_ms", "Duration (ms)")),
)  # fmt: skip


def mcp_call_list() -> Select[tuple[object, ...]]:
    """Every logged call with its caller's e-mail and the token's shown prefix, for `MCP_CALLS`."""
    c = mcp_tool_calls.c
    return (
        select(c.id, c.called_at, users.c.email, api_tokens.c.prefix.label("token"), c.transport, c.tool,
               c.arguments, c.outcome, c.error, c.result_bytes, c.duration_ms)
        .join_from(mcp_tool_calls, users, users.c.id == c.user_id)
        .join(api_tokens, api_tokens.c.id == c.token_id)
    )  # fmt: skip
