"""API tokens: shown once when made, stored only as a SHA-256, presented as `Authorization: Bearer <token>`."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Connection, select

from partnerops.auth.users import user_by_id
from partnerops.domain.roles import Principal
from partnerops.store.auth_tables import api_tokens
from partnerops.store.tables import users

__all__ = ["TOKEN_PREFIX", "ApiToken", "TokenGrant", "TokenScope", "UnknownToken", "create_token", "grant_for_token",
           "list_tokens", "principal_for_token", "revoke_token", "token_digest"]  # fmt: skip

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


def create_token(connection: Connection, user_id: int, name: str, scope: TokenScope | None = None) -> str:
    """Make a token for the user and return it; only its digest and first characters are kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    connection.execute(
        api_tokens.insert().values(
            user_id=user_id,
            name=name,
            token_hash=token_digest(token),
            prefix=token[:12],
            created_at=datetime.now(UTC),
            scope=None if scope is None else scope.value,
        )
    )
    return token


def grant_for_token(connection: Connection, token: str) -> TokenGrant | None:
    """Who a live token acts as and what it may do, noting when it was last used; None when unknown or revoked."""
    t = api_tokens.c
    row = connection.execute(
        select(t.id, t.user_id, t.scope).where(t.token_hash == token_digest(token), t.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    connection.execute(api_tokens.update().where(t.id == row.id).values(last_used_at=datetime.now(UTC)))
    user = user_by_id(connection, int(row.user_id))
    return None if user is None else TokenGrant(user.principal, None if row.scope is None else TokenScope(row.scope))


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


def revoke_token(connection: Connection, prefix: str, now: datetime | None = None) -> ApiToken:
    """Revoke the live token whose shown prefix (or any longer start of the token) is `prefix`."""
    t = api_tokens.c
    match = connection.execute(
        select(t.id).where(t.prefix == prefix[:12], t.revoked_at.is_(None))
    ).scalars().all()  # fmt: skip
    if len(match) != 1:
        raise UnknownToken(prefix)
    connection.execute(api_tokens.update().where(t.id == match[0]).values(revoked_at=now or datetime.now(UTC)))
    return next(token for token in list_tokens(connection) if token.id == match[0])
