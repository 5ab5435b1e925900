"""Server-side web sessions: the cookie holds a random key, the table its SHA-256 and the CSRF token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select

from partnerops.auth.users import user_by_id
from partnerops.domain.roles import Principal
from partnerops.store.auth_tables import web_sessions

__all__ = ["SESSION_LIFETIME", "NewSession", "SessionState", "end_session", "end_user_sessions", "find_session",
           "start_session"]

SESSION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class NewSession:
    key: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SessionState:
    principal: Principal
    csrf_token: str

    def csrf_matches(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented.encode(), self.csrf_token.encode())


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(connection: Connection, user_id: int, now: datetime | None = None) -> NewSession:
    now = now or datetime.now(UTC)
    session = NewSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now + SESSION_LIFETIME)
    connection.execute(
        web_sessions.insert().values(
            session_hash=_digest(session.key),
            user_id=user_id,
            csrf_token=session.csrf_token,
            created_at=now,
            expires_at=session.expires_at,
        )
    )
    return session


def find_session(connection: Connection, key: str, now: datetime | None = None) -> SessionState | None:
    """The live session for a cookie value; an expired or unknown one, or a disabled user's, is None."""
    s = web_sessions.c
    now = now or datetime.now(UTC)
    row = connection.execute(
        select(s.user_id, s.csrf_token).where(s.session_hash == _digest(key), s.expires_at > now)
    ).first()
    if row is None:
        return None
    user = user_by_id(connection, int(row.user_id))
    return None if user is None or not user.is_active else SessionState(user.principal, row.csrf_token)


def end_session(connection: Connection, key: str) -> None:
    connection.execute(web_sessions.delete().where(web_sessions.c.session_hash == _digest(key)))


def end_user_sessions(connection: Connection, user_id: int) -> int:
    """Sign the user out everywhere (disabled, deleted, or a new password); returns how many sessions ended."""
    return int(connection.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id)).rowcount)
