"""Idempotency keys on submission: the same key from the same user with the same form answers the registration
it first created; the same key with another form is refused. Read and written under the submission lock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, insert, select

from partnerops.registrations.errors import IdempotencyKeyReused
from partnerops.registrations.model import RegistrationInput
from partnerops.store.idempotency_tables import registration_keys

__all__ = ["form_digest", "remember", "replayed"]


def form_digest(form: RegistrationInput, partner_id: int) -> str:
    """SHA-256 of the submission as read (amount as exact text), with the partner it is for."""
    fields = asdict(form) | {"partner_id": partner_id,
                             "estimated_amount": [str(form.estimated_amount.amount), form.estimated_amount.currency]}
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replayed(conn: Connection, user_id: int, key: str, digest: str) -> int | None:
    """The registration `key` created for this user, or None when the key is new."""
    k = registration_keys.c
    row = conn.execute(select(k.body_sha256, k.registration_id).where(k.user_id == user_id, k.key == key)).first()
    if row is None:
        return None
    if row.body_sha256 != digest:
        raise IdempotencyKeyReused(key, row.registration_id)
    return int(row.registration_id)


def remember(conn: Connection, user_id: int, key: str, digest: str, registration_id: int, now: datetime) -> None:
    conn.execute(insert(registration_keys).values(user_id=user_id, key=key, body_sha256=digest,
                                                  registration_id=registration_id, created_at=now))
