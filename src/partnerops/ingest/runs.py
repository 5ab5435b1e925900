"""The life of one import run in import_batches: committed as running (who, which process) before any row is
read, then finished with its counts, or failed, interrupted, refused or kept as a dry run."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, update

from partnerops.ingest.date_guard import DateChangesRefused
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.reader import file_sha256
from partnerops.store.tables import import_batches

RUNNING, FINISHED, FAILED, INTERRUPTED, REFUSED, DRY_RUN = (
    "running", "finished", "failed", "interrupted", "refused", "dry_run")
STATUSES = (RUNNING, FINISHED, FAILED, INTERRUPTED, REFUSED, DRY_RUN)


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped an import; its transaction was rolled back, so nothing of the file landed.
    A KeyboardInterrupt still, so code that does not know imports stops as it would have."""

    def __init__(self, file: Path, batch_id: int) -> None:
        super().__init__(f"interrupted: nothing from {file} was imported; run the same command again to import it")
        self.file = file
        self.batch_id = batch_id


@dataclass(frozen=True)
class RunStart:
    path: Path
    kind: str
    fmt: str
    options: ImportOptions
    at: datetime


def start_run(engine: Engine, start: RunStart) -> int:
    """Insert the run as `running` and commit it on its own connection, so a killed process leaves a trace."""
    values = {
        "path": str(start.path.resolve()), "sha256": file_sha256(start.path), "kind": start.kind,
        "format": start.fmt, "options": start.options.to_json(), "started_at": start.at, "status": RUNNING,
        "actor": start.options.actor, "pid": os.getpid(), "host": socket.gethostname(),
    }
    with engine.begin() as conn:
        return int(conn.execute(import_batches.insert().values(values).returning(import_batches.c.id)).scalar_one())


def finish_run(conn: Connection, batch_id: int, summary: ImportSummary, status: str = FINISHED) -> None:
    """Record the outcome on `conn`; called inside the import's transaction it commits with the records."""
    values = summary.counts() | {"status": status, "finished_at": datetime.now(UTC)}
    conn.execute(update(import_batches).where(import_batches.c.id == batch_id).values(values))


def end_run(engine: Engine, batch_id: int, status: str, error: str | None = None,
            summary: ImportSummary | None = None) -> bool:
    """Record how a run that landed nothing ended (its transaction rolled back), on a connection of its own; a
    dry run keeps the counts of what it would have done. False when the run had already finished: a Ctrl-C
    that lands just after the commit does not make a finished import read as interrupted."""
    values = {"status": status, "finished_at": datetime.now(UTC), "error": error}
    values |= summary.counts() if summary else {}
    running = (import_batches.c.id == batch_id) & (import_batches.c.status == RUNNING)
    with engine.begin() as conn:
        return conn.execute(update(import_batches).where(running).values(values)).rowcount > 0


@contextmanager
def recorded(engine: Engine, batch_id: int, file: Path) -> Iterator[None]:
    """Record how a run that did not finish ended: refused (date guard), interrupted or failed."""
    try:
        yield
    except DateChangesRefused as exc:
        end_run(engine, batch_id, REFUSED, str(exc))
        raise
    except KeyboardInterrupt:
        if not end_run(engine, batch_id, INTERRUPTED):
            raise
        raise ImportInterrupted(file, batch_id) from None
    except Exception as exc:
        end_run(engine, batch_id, FAILED, str(exc) or type(exc).__name__)
        raise


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one owned by another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def shown_status(status: str, pid: int | None, host: str | None) -> str:
    """`running` when its process still runs (or runs elsewhere, where we cannot tell), else `interrupted`:
    a process killed outright never gets to record how it ended."""
    if status != RUNNING or pid is None or host != socket.gethostname():
        return status
    return RUNNING if process_alive(pid) else INTERRUPTED
