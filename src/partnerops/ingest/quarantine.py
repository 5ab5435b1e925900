"""Working the quarantine: list entries and a summary by reason, show one, retry or discard one entry or every
entry a filter selects. Every retry and discard is in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from partnerops.ingest.quarantine_retry import RetryOptions, RetryReport, RetryResult, audit_status, retry_entries
from partnerops.ingest.quarantine_summary import ReasonCount, summarised
from partnerops.store import quarantine_repo
from partnerops.store.quarantine_repo import DISCARDED, OPEN, QuarantineFilter

__all__ = ["QuarantineFilter", "ReasonCount", "RetryOptions", "RetryReport", "RetryResult", "UnknownEntry",
           "discard", "discard_where", "get_entry", "list_entries", "reason_summary", "retry", "retry_where"]



class UnknownEntry(LookupError):
    """No open quarantine entry with this id."""

    def __init__(self, entry_id: int, status: str | None = None) -> None:
        detail = f"is {status}, not open" if status else "does not exist"
        super().__init__(f"quarantine entry {entry_id} {detail}")
        self.entry_id = entry_id


def list_entries(engine: Engine, where: QuarantineFilter) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return quarantine_repo.entries(conn, where)


def reason_summary(engine: Engine, where: QuarantineFilter) -> list[ReasonCount]:
    """(kind, severity, field, reason, count) of every entry `where` selects, most frequent first; values in a
    reason are shown as '…' so that, say, every unknown country is one line."""
    with engine.connect() as conn:
        counts = quarantine_repo.reason_counts(conn, where)
    return summarised(counts)


def get_entry(engine: Engine, entry_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        found = quarantine_repo.entry(conn, entry_id)
    if found is None:
        raise UnknownEntry(entry_id)
    return found


def discard(engine: Engine, entry_id: int, actor: str = "cli") -> None:
    _open_entry(engine, entry_id)
    discard_where(engine, QuarantineFilter(ids=(entry_id,), limit=None), actor)


def discard_where(engine: Engine, where: QuarantineFilter, actor: str = "cli") -> int:
    """Discard every open entry `where` selects; returns how many."""
    at = datetime.now(UTC)
    with engine.begin() as conn:
        chosen = quarantine_repo.entries(conn, _open_only(where))
        quarantine_repo.update_entries(conn, [{"id": e["id"], "status": DISCARDED, "updated_at": at}
                                              for e in chosen])
        audit_status(conn, [(e["id"], OPEN, DISCARDED) for e in chosen], actor, at, "discard")
    return len(chosen)


def retry(engine: Engine, entry_id: int, fixes: dict[str, str] | None = None, actor: str | None = None,
          options: RetryOptions | None = None) -> RetryResult:
    """Validate the kept row again (with the options of its import, `options` overriding them) after `fixes`
    (field or header -> value); land it when it now passes, else keep it with the new reasons."""
    _open_entry(engine, entry_id)
    report = retry_where(engine, QuarantineFilter(ids=(entry_id,), limit=None), fixes, actor, options)
    return RetryResult(report.landed == 1, get_entry(engine, entry_id))


def retry_where(engine: Engine, where: QuarantineFilter, fixes: dict[str, str] | None = None,
                actor: str | None = None, options: RetryOptions | None = None) -> RetryReport:
    """Retry every open entry `where` selects, validated as one frame per import and kind."""
    with engine.begin() as conn:
        chosen = quarantine_repo.entries(conn, _open_only(where))
        return retry_entries(conn, chosen, fixes or {}, actor, options or RetryOptions())


def _open_only(where: QuarantineFilter) -> QuarantineFilter:
    return QuarantineFilter(where.file, where.kind, OPEN, None, where.field, where.reason, where.severity, where.ids)


def _open_entry(engine: Engine, entry_id: int) -> dict[str, Any]:
    entry = get_entry(engine, entry_id)
    if entry["status"] != OPEN:
        raise UnknownEntry(entry_id, entry["status"])
    return entry
