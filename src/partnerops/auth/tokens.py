"""API tokens: shown once when made, stored only as a SHA-256, presented as `Authorization: Bearer <token>`."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select

from partnerops.auth.user_audit import audit_user
from partnerops.auth.users import user_by_id
from partnerops.domain.roles import Principal
from partnerops.store.auth_tables import api_tokens
from partnerops.store.tables import users

__all__ = ["TOKEN_PREFIX", "ApiToken", "TokenGrant", "TokenScope", "UnknownToken", "create_token", "grant_for_token",
           "list_tokens", "principal_for_token", "revoke_token", "revoke_user_tokens", "token_digest"]  # fmt: skip

# A recognisable prefix lets secret scanners and people spot a leaked token.
TOKEN_PREFIX = "po_"


class TokenScope(StrEnum):
    """What a limited token may do; a token without a scope may do whatever its user may."""

    # Another PartnerOps instance's private-overlap exchange, and nothing else: the token a partner's server
    # holds must not read our accounts or deals.
    PSI = "psi"


@dataclass(frozen=True)
class TokenGrant:
    principal: Principal
    scope: TokenScope | None


class UnknownToken(LookupError):
    def __init__(self, prefix: str) -> None:
        super().__init__(f"no live token starts with {prefix!r}; `partnerops users tokens` lists them")
        self.prefix = prefix


@dataclass(frozen=True)
class ApiToken:
    """What is known of a token after it was shown: never the token itself."""

    id: int
    email: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    scope: str | None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    connection: Connection, user_id: int, name: str, scope: TokenScope | None = None, actor: str = "cli"
) -> str:
    """Make a token for the user and return it; only its digest and first characters are kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    token_id = connection.execute(
        api_tokens.insert().values(
            user_id=user_id,
            name=name,
            token_hash=token_digest(token),
            prefix=token[:12],
            created_at=now,
            scope=None if scope is None else scope.value,
        ).returning(api_tokens.c.id)
    ).scalar_one()
    audit_user(connection, user_id, actor, now, {"api_token": (None, _named(token_id, name, token[:12]))},
               "API token created")  # fmt: skip
    return token


def _named(token_id: int, name: str, prefix: str) -> str:
    return f"token {token_id} {name!r} ({prefix}…)"


def grant_for_token(connection: Connection, token: str) -> TokenGrant | None:
    """Who a live token acts as and what it may do, noting when it was last used; None when unknown or revoked."""
    t = api_tokens.c
    row = connection.execute(
        select(t.id, t.user_id, t.scope).where(t.token_hash == token_digest(token), t.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    user = user_by_id(connection, int(row.user_id))
    if user is None or not user.is_active:
        return None
    connection.execute(api_tokens.update().where(t.id == row.id).values(last_used_at=datetime.now(UTC)))
    return TokenGrant(user.principal, None if row.scope is None else TokenScope(row.scope))


def principal_for_token(connection: Connection, token: str) -> Principal | None:
    """The principal of a live token, whatever its scope; None for an unknown or revoked token."""
    grant = grant_for_token(connection, token)
    return None if grant is None else grant.principal


def list_tokens(connection: Connection, email: str | None = None) -> list[ApiToken]:
    """Every token (revoked ones too, so an audit can see them), newest first; only one user's with `email`."""
    t, u = api_tokens.c, users.c
    query = select(t.id, u.email, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at, t.scope).join_from(
        api_tokens, users, t.user_id == u.id
    )
    if email is not None:
        query = query.where(u.email == email.strip().lower())
    return [ApiToken(*row) for row in connection.execute(query.order_by(t.created_at.desc(), t.id.desc()))]


def revoke_token(connection: Connection, prefix: str, now: datetime | None = None, actor: str = "cli") -> ApiToken:
    """Revoke the live token whose shown prefix (or any longer start of the token) is `prefix`."""
    t = api_tokens.c
    match = connection.execute(
        select(t.id, t.user_id, t.name, t.prefix).where(t.prefix == prefix[:12], t.revoked_at.is_(None))
    ).all()  # fmt: skip
    if len(match) != 1:
        raise UnknownToken(prefix)
    _revoke(connection, match, actor, now or datetime.now(UTC), "API token revoked")
    return next(token for token in list_tokens(connection) if token.id == match[0].id)


def revoke_user_tokens(connection: Connection, user_id: int, actor: str, now: datetime, reason: str) -> int:
    """Revoke every live token of one user at once (disabled or deleted); returns how many."""
    t = api_tokens.c
    live = connection.execute(
        select(t.id, t.user_id, t.name, t.prefix).where(t.user_id == user_id, t.revoked_at.is_(None))
    ).all()  # fmt: skip
    _revoke(connection, live, actor, now, reason)
    return len(live)


def _revoke(connection: Connection, rows: Sequence[Any], actor: str, now: datetime, reason: str) -> None:
    for row in rows:
        # The condition on revoked_at keeps a concurrent revocation from being recorded twice.
        done = connection.execute(
            api_tokens.update().where(api_tokens.c.id == row.id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )  # fmt: skip
        if done.rowcount == 1:
            audit_user(connection, int(row.user_id), actor, now,
                       {"api_token": (_named(row.id, row.name, row.prefix), "revoked")}, reason)  # fmt: skip
