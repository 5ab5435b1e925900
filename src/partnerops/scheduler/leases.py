"""Which worker may run a job now: a lease row taken by a conditional update (or its first insert), so two
workers never run the same job at once; a lease that a dead worker left lapses at its expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, or_, update
from sqlalchemy.exc import IntegrityError

from partnerops.store.job_tables import job_leases

__all__ = ["release_lease", "take_lease"]


def take_lease(engine: Engine, job: str, holder: str, now: datetime, length: timedelta) -> bool:
    """True when `holder` now holds `job`'s lease until `now + length`: it was free, lapsed, or already its own."""
    lapsed_or_own = or_(job_leases.c.expires_at <= now, job_leases.c.holder == holder)
    taken = (update(job_leases).where(job_leases.c.job == job, lapsed_or_own)
             .values(holder=holder, expires_at=now + length))  # fmt: skip
    with engine.begin() as conn:
        if conn.execute(taken).rowcount > 0:
            return True
    try:
        with engine.begin() as conn:
            conn.execute(insert(job_leases).values(job=job, holder=holder, expires_at=now + length))
    except IntegrityError:
        return False  # another worker holds it (or took the first lease a moment before us)
    return True


def release_lease(engine: Engine, job: str, holder: str, now: datetime) -> None:
    """Let the lease lapse now, if `holder` still holds it."""
    with engine.begin() as conn:
        conn.execute(update(job_leases).where(job_leases.c.job == job, job_leases.c.holder == holder)
                     .values(expires_at=now))  # fmt: skip
