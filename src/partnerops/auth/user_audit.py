"""Every change to a user goes to the audit log as entity "user": who, what, from what, to what. Passwords,
tokens and link secrets never do; a token is named by its id, label and shown prefix."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection

from partnerops.store.tables import audit_log

__all__ = ["ENTITY", "audit_user"]

ENTITY = "user"


def audit_user(
    conn: Connection, user_id: int, actor: str, at: datetime, changes: Mapping[str, tuple[str | None, str | None]],
    reason: str,
) -> None:
    """Record `changes` ({field: (old, new)}) of one user, in the caller's transaction, with what was done."""
    rows = [{"at": at, "actor": actor, "entity": ENTITY, "entity_id": user_id, "field": field, "old_value": old,
             "new_value": new, "reason": reason} for field, (old, new) in changes.items()]  # fmt: skip
    if rows:
        conn.execute(audit_log.insert(), rows)
