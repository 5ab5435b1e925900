"""API tokens: shown once when made, stored only as a SHA-256, presented as `Authorization: Bearer <token>`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from partnerops.auth.users import user_by_id
from partnerops.domain.roles import Principal
from partnerops.store.auth_tables import api_tokens

__all__ = ["TOKEN_PREFIX", "create_token", "principal_for_token", "token_digest"]

# A recognisable prefix lets secret scanners and people spot a leaked token.
TOKEN_PREFIX = "po_"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(connection: Connection, user_id: int, name: str) -> str:
    """Make a token for the user and return it; only its digest and first characters are kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    connection.execute(
        api_tokens.insert().values(
            user_id=user_id,
            name=name,
            token_hash=token_digest(token),
            prefix=token[:12],
            created_at=datetime.now(UTC),
        )
    )
    return token


def principal_for_token(connection: Connection, token: str) -> Principal | None:
    """The principal of a live token, noting when it was last used; None for an unknown or revoked token."""
    t = api_tokens.c
    row = connection.execute(
        select(t.id, t.user_id).where(t.token_hash == token_digest(token), t.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    connection.execute(api_tokens.update().where(t.id == row.id).values(last_used_at=datetime.now(UTC)))
    user = user_by_id(connection, int(row.user_id))
    return None if user is None else user.principal
