"""Who calls a tool: the API token's owner with its role and partner scope, resolved on every call so a revoked
token or a disabled user stops at once. A token limited to another use (the private-overlap exchange) is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from partnerops.auth.tokens import TokenGrant, grant_for_token, token_digest
from partnerops.domain.roles import Principal
from partnerops.store.auth_tables import api_tokens

__all__ = ["CALLER_KEY", "Caller", "NotAuthenticated", "caller_for_token", "caller_of"]

# Where the HTTP transport's authentication leaves the caller in the request's ASGI scope.
CALLER_KEY = "partnerops.mcp.caller"


class NotAuthenticated(PermissionError):
    """No live, unlimited API token came with the call."""


@dataclass(frozen=True)
class Caller:
    grant: TokenGrant
    token_id: int
    transport: str

    @property
    def principal(self) -> Principal:
        return self.grant.principal


def caller_for_token(engine: Engine, token: str, transport: str) -> Caller:
    """The caller a token stands for, or NotAuthenticated saying why not."""
    with engine.begin() as conn:
        token_id = conn.execute(
            select(api_tokens.c.id).where(api_tokens.c.token_hash == token_digest(token))
        ).scalar_one_or_none()
        grant = grant_for_token(conn, token)
    if grant is None or token_id is None:
        raise NotAuthenticated("the API token is unknown or revoked; `partnerops users token EMAIL` makes one")
    if grant.scope is not None:
        raise NotAuthenticated(f"this API token may only be used for {grant.scope.value}")
    return Caller(grant, int(token_id), transport)


def caller_of(request: Any, engine: Engine, stdio_token: str | None) -> Caller:
    """The caller of one tool call: from the HTTP request it came in, else from the stdio process's token."""
    if request is not None:
        caller = request.scope.get(CALLER_KEY)
        if not isinstance(caller, Caller):
            raise NotAuthenticated("send an API token as `Authorization: Bearer <token>`")
        return caller
    if not stdio_token:
        raise NotAuthenticated("start `partnerops mcp` with an API token in PARTNEROPS_MCP_TOKEN")
    return caller_for_token(engine, stdio_token, "stdio")
