"""Login rate limiting: too many failed sign-ins for one email, or from one client address, in a window lock it out
for a while. Counting is atomic: an attempt is recorded as failed (under a lock per email and per address) before
the password is checked, so forty simultaneous guesses check exactly as many passwords as the limit allows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, func, select, update

from partnerops.store.auth_tables import login_attempts
from partnerops.store.locks import lock_name

__all__ = ["LoginPolicy", "TooManyAttempts", "check_login_allowed", "reserve_attempt",
           "settle_attempt"]


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    # One address may try several accounts (an office behind one NAT), but not forever.
    max_failures_per_address: int = 20


class TooManyAttempts(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many failed sign-ins for this email: try again in {retry_after_seconds} seconds")
        self.retry_after_seconds = retry_after_seconds


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive timestamps; every stored one is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_login_allowed(
    connection: Connection, email: str, policy: LoginPolicy = LoginPolicy(), now: datetime | None = None,
    remote: str | None = None,
) -> None:
    """Raise `TooManyAttempts` when the email, or the client address, has used up its failures in the window."""
    now = now or datetime.now(UTC)
    a = login_attempts.c
    # An account counts the attempts still being checked too, so its limit is exact under any number of
    # simultaneous guesses; an address counts settled failures only, so colleagues behind one NAT signing in at
    # the same moment are not refused for each other's pending attempts.
    _check(connection, (a.email == email) & a.succeeded.is_not(True), policy.max_failures, policy, now)
    if remote:
        _check(connection, (a.remote == remote) & a.succeeded.is_(False), policy.max_failures_per_address, policy, now)


def _check(connection: Connection, failed: ColumnElement[bool], limit: int, policy: LoginPolicy, now: datetime) -> None:
    a = login_attempts.c
    count, oldest = connection.execute(
        select(func.count(a.id), func.min(a.at)).where(failed, a.at > now - policy.window)
    ).one()
    if count < limit:
        return
    retry_after = (_aware(oldest) + policy.window - now).total_seconds()
    raise TooManyAttempts(max(1, math.ceil(retry_after)))


def reserve_attempt(
    connection: Connection, email: str, remote: str | None, policy: LoginPolicy = LoginPolicy(),
    now: datetime | None = None,
) -> int:
    """Check the limits and record the attempt (its outcome unknown), atomically; returns the attempt's id for
    `settle_attempt`. Commit before checking the password, so concurrent attempts count this one."""
    now = now or datetime.now(UTC)
    lock_name(connection, f"login:{email}")
    if remote:
        lock_name(connection, f"login-from:{remote}")
    check_login_allowed(connection, email, policy, now, remote)
    inserted = login_attempts.insert().values(email=email, remote=remote, succeeded=None, at=now)
    return int(connection.execute(inserted.returning(login_attempts.c.id)).scalar_one())


def settle_attempt(connection: Connection, attempt_id: int, succeeded: bool) -> None:
    """Record how the reserved attempt ended: a right password no longer counts as a failure."""
    connection.execute(update(login_attempts).where(login_attempts.c.id == attempt_id).values(succeeded=succeeded))
