"""Login rate limiting: too many failed sign-ins for one email in a window locks that email out for a while."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, func, select

from partnerops.store.auth_tables import login_attempts

__all__ = ["LoginPolicy", "TooManyAttempts", "check_login_allowed", "record_attempt"]


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


class TooManyAttempts(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many failed sign-ins for this email: try again in {retry_after_seconds} seconds")
        self.retry_after_seconds = retry_after_seconds


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive timestamps; every stored one is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_login_allowed(
    connection: Connection, email: str, policy: LoginPolicy = LoginPolicy(), now: datetime | None = None
) -> None:
    """Raise `TooManyAttempts` when the email has used up its failures in the window."""
    now = now or datetime.now(UTC)
    a = login_attempts.c
    count, oldest = connection.execute(
        select(func.count(a.id), func.min(a.at)).where(
            a.email == email, a.succeeded.is_(False), a.at > now - policy.window
        )
    ).one()
    if count < policy.max_failures:
        return
    retry_after = (_aware(oldest) + policy.window - now).total_seconds()
    raise TooManyAttempts(max(1, math.ceil(retry_after)))


def record_attempt(
    connection: Connection, email: str, succeeded: bool, remote: str | None = None, now: datetime | None = None
) -> None:
    connection.execute(
        login_attempts.insert().values(email=email, remote=remote, succeeded=succeeded, at=now or datetime.now(UTC))
    )
