"""One-time links to set a password: the secret travels only in the mail, the table keeps its SHA-256. A link
works once, until it expires; a newer link, a disable or a delete voids the older ones."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, func, select, update

from partnerops.store.password_link_tables import password_links

__all__ = ["INVITATION_LIFETIME", "RESET_LIFETIME", "LinkNotValid", "LinkPurpose", "OpenLink", "consume_link",
           "issue_link", "open_link", "recent_links", "void_links"]  # fmt: skip


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


LIFETIMES = {LinkPurpose.INVITATION: timedelta(days=7), LinkPurpose.RESET: timedelta(hours=1)}
INVITATION_LIFETIME = LIFETIMES[LinkPurpose.INVITATION]
RESET_LIFETIME = LIFETIMES[LinkPurpose.RESET]


class LinkNotValid(LookupError):
    def __init__(self) -> None:
        super().__init__("this link has expired or was already used: ask for a new one")


@dataclass(frozen=True)
class OpenLink:
    user_id: int
    purpose: LinkPurpose
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_link(conn: Connection, user_id: int, purpose: LinkPurpose, actor: str, now: datetime) -> tuple[str, datetime]:
    """A new link for the user (its older live links stop working); returns its secret and expiry."""
    void_links(conn, user_id, now)
    secret = secrets.token_urlsafe(32)
    expires_at = now + LIFETIMES[purpose]
    conn.execute(password_links.insert().values(
        user_id=user_id, purpose=purpose.value, token_hash=_digest(secret), created_by=actor, created_at=now,
        expires_at=expires_at,
    ))  # fmt: skip
    return secret, expires_at


def _live(secret: str, now: datetime) -> list[ColumnElement[bool]]:
    p = password_links.c
    return [p.token_hash == _digest(secret), p.used_at.is_(None), p.expires_at > now]


def open_link(conn: Connection, secret: str, now: datetime) -> OpenLink:
    """What a live link is for, without using it up (the page that asks for the new password shows this)."""
    p = password_links.c
    row = conn.execute(select(p.user_id, p.purpose, p.expires_at).where(*_live(secret, now))).first()
    if row is None:
        raise LinkNotValid()
    return OpenLink(int(row.user_id), LinkPurpose(row.purpose), row.expires_at)


def consume_link(conn: Connection, secret: str, now: datetime) -> OpenLink:
    """Use the link up, atomically: of two concurrent uses exactly one succeeds, the other gets `LinkNotValid`."""
    link = open_link(conn, secret, now)
    used = conn.execute(update(password_links).where(*_live(secret, now)).values(used_at=now))
    if used.rowcount != 1:
        raise LinkNotValid()
    return link


def void_links(conn: Connection, user_id: int, now: datetime) -> None:
    p = password_links.c
    conn.execute(update(password_links).where(p.user_id == user_id, p.used_at.is_(None)).values(used_at=now))


def recent_links(conn: Connection, user_id: int, purpose: LinkPurpose, since: datetime) -> int:
    p = password_links.c
    query = select(func.count(p.id)).where(p.user_id == user_id, p.purpose == purpose.value, p.created_at > since)
    return int(conn.execute(query).scalar_one())
