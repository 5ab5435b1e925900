"""Payout lines and their state, moved only by conditional updates: a line is claimed by one run at a time, and a
run records what the provider said only while it still holds its claim.

pending -> sending -> sent -> reconciled; sending -> failed (the provider refused for certain: a new idempotency
key) -> sending again after a backoff; a sending line whose outcome is unknown keeps its key and is sent again
(the provider answers the same key with the same transfer)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, and_, or_, select, update

from partnerops.domain.money import Money
from partnerops.store.payment_tables import payment_lines

__all__ = ["MAX_ATTEMPTS", "LineState", "PaymentLine", "backoff", "claim", "due", "line_by_id", "line_by_key",
           "lines_of", "record_accepted", "record_rejected", "record_unknown"]  # fmt: skip

MAX_ATTEMPTS = 8
# A claim older than this belongs to a run that died between sending and recording: another run takes it over.
LEASE = timedelta(minutes=10)
FIRST_WAIT_SECONDS = 60
LONGEST_WAIT_SECONDS = 6 * 3600


class LineState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    RECONCILED = "reconciled"


@dataclass(frozen=True)
class PaymentLine:
    id: int
    batch_id: int
    partner_id: int
    amount: Money
    provider: str
    state: LineState
    key: str
    attempts: int
    hold_until: date
    next_attempt_at: datetime | None
    provider_ref: str | None
    last_error: str | None


def _line(row: object) -> PaymentLine:
    r = row._mapping  # type: ignore[attr-defined]
    return PaymentLine(r["id"], r["batch_id"], r["partner_id"], Money.from_minor(r["amount_minor"], r["currency"]),
                       r["provider"], LineState(r["state"]), r["idempotency_key"], r["attempts"], r["hold_until"],
                       _utc(r["next_attempt_at"]), r["provider_ref"], r["last_error"])  # fmt: skip


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands back the UTC moment it stored without its zone.
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def lines_of(conn: Connection, batch_id: int) -> list[PaymentLine]:
    t = payment_lines.c
    return [_line(r) for r in conn.execute(select(payment_lines).where(t.batch_id == batch_id).order_by(t.id))]


def line_by_id(conn: Connection, line_id: int) -> PaymentLine:
    return _line(conn.execute(select(payment_lines).where(payment_lines.c.id == line_id)).one())


def line_by_key(conn: Connection, provider: str, key: str) -> PaymentLine | None:
    t = payment_lines.c
    row = conn.execute(select(payment_lines).where(t.provider == provider, t.idempotency_key == key)).first()
    return _line(row) if row is not None else None


def _claimable(now: datetime) -> ColumnElement[bool]:
    t = payment_lines.c
    waited = or_(t.next_attempt_at.is_(None), t.next_attempt_at <= now)
    return and_(t.hold_until <= now.date(), t.attempts < MAX_ATTEMPTS, or_(
        and_(t.state.in_([LineState.PENDING.value, LineState.FAILED.value]), waited),
        and_(t.state == LineState.SENDING.value, t.claim.is_(None), waited),
        and_(t.state == LineState.SENDING.value, t.claimed_at < now - LEASE),
    ))  # fmt: skip


def due(conn: Connection, now: datetime, batch_id: int | None = None) -> list[PaymentLine]:
    """The lines a run may send now: held no longer, not in flight elsewhere, their backoff over."""
    query = select(payment_lines).where(_claimable(now)).order_by(payment_lines.c.id)
    if batch_id is not None:
        query = query.where(payment_lines.c.batch_id == batch_id)
    return [_line(r) for r in conn.execute(query)]


def claim(conn: Connection, line_id: int, now: datetime) -> str | None:
    """This run's claim on the line (the line moves to sending), or None when another run holds it or it is not
    due: the condition is the update's own WHERE, so two runs never both get it."""
    token = uuid.uuid4().hex
    t = payment_lines.c
    moved = conn.execute(update(payment_lines).where(t.id == line_id, _claimable(now)).values(
        state=LineState.SENDING.value, claim=token, claimed_at=now, attempts=t.attempts + 1, updated_at=now,
    )).rowcount  # fmt: skip
    return token if moved == 1 else None


def _held(line_id: int, token: str) -> ColumnElement[bool]:
    t = payment_lines.c
    return and_(t.id == line_id, t.state == LineState.SENDING.value, t.claim == token)


def record_accepted(conn: Connection, line_id: int, token: str, ref: str, now: datetime) -> bool:
    """The provider took the transfer; False when the claim was lost (a webhook or another run got there)."""
    return conn.execute(update(payment_lines).where(_held(line_id, token)).values(
        state=LineState.SENT.value, provider_ref=ref, claim=None, last_error=None, next_attempt_at=None,
        updated_at=now,
    )).rowcount == 1  # fmt: skip


def record_rejected(conn: Connection, line: PaymentLine, token: str, reason: str, now: datetime) -> bool:
    """The provider refused for certain: failed, with a new key for the next attempt after a backoff (`line` as
    claimed, its attempts counting this one)."""
    return conn.execute(update(payment_lines).where(_held(line.id, token)).values(
        state=LineState.FAILED.value, idempotency_key=f"{line.key.split('~')[0]}~{line.attempts}", claim=None,
        last_error=reason, next_attempt_at=backoff(line.attempts, now), updated_at=now,
    )).rowcount == 1  # fmt: skip


def record_unknown(conn: Connection, line: PaymentLine, token: str, reason: str, now: datetime,
                   retry_after: float | None = None) -> bool:
    """No certain answer: the line stays sending with its key, released for a retry after a backoff."""
    wait = backoff(line.attempts, now, retry_after)
    return conn.execute(update(payment_lines).where(_held(line.id, token)).values(
        claim=None, last_error=reason, next_attempt_at=wait, updated_at=now,
    )).rowcount == 1  # fmt: skip


def backoff(attempts: int, now: datetime, retry_after: float | None = None) -> datetime:
    """When attempt `attempts + 1` may start: doubling from a minute, at most six hours, never sooner than the
    provider asked."""
    seconds = min(FIRST_WAIT_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_WAIT_SECONDS)
    return now + timedelta(seconds=max(seconds, retry_after or 0))
