"""What an accrual run reports, and its record in the audit log: entity "commission_accrual_run", numbered in
order, one row per figure (through, accrued, tracked, unchanged, reversals, withdrawn) with who ran it and when."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import date

from sqlalchemy import Connection, func, select

from partnerops.commissions.journal_repo import audit
from partnerops.store.tables import audit_log

__all__ = ["ACCRUAL_RUN", "AccrualReport", "audit_run"]

ACCRUAL_RUN = "commission_accrual_run"


@dataclass(frozen=True)
class AccrualReport:
    as_of: date
    accrued: int
    tracked: int
    unchanged: int
    reversals: int
    withdrawn: int


def audit_run(conn: Connection, report: AccrualReport, actor: str) -> int:
    """Record the run (the caller holds the accrual lock, so run numbers never collide); returns its number."""
    last = conn.execute(select(func.max(audit_log.c.entity_id)).where(audit_log.c.entity == ACCRUAL_RUN)).scalar()
    run = int(last or 0) + 1
    reason = f"accrual run through {report.as_of.isoformat()}"
    for name, value in zip((f.name for f in fields(report)), astuple(report), strict=True):
        field = "through" if name == "as_of" else name
        audit(conn, ACCRUAL_RUN, run, field, None, str(value), actor, reason)
    return run
