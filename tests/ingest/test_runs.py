"""An import run from start to end: one transaction for the whole file, and a record of how the run ended."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from ingest.ingest_kit import ImportBench
from partnerops.ingest.errors import MissingColumns
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.run_history import RunFilter, past_run, past_runs
from partnerops.ingest.runs import ImportInterrupted, end_run
from partnerops.ingest.service import import_file
from partnerops.store.tables import accounts, import_batches

Progress = Callable[[int], None]
HEADER = "id,name,country\n"
SIX = HEADER + "".join(f"A{i},Account {i},DE\n" for i in range(1, 7))
# Row 3 has no name: it goes to the quarantine, in the first chunk of two rows.
SIX_ONE_BAD = SIX.replace("Account 2", "")


def stop_at_second_chunk(error: BaseException) -> Progress:
    """A progress callback that raises `error` once the second chunk has landed."""
    chunks: list[int] = []

    def progress(rows: int) -> None:
        chunks.append(rows)
        if len(chunks) == 2:
            raise error

    return progress


def load(db: ImportBench, path: Path, progress: Progress | None = None, actor: str = "cli") -> ImportSummary:
    return import_file(db.engine, path, "accounts", "generic", ImportOptions(chunk_rows=2, actor=actor), progress)


def batches(db: ImportBench) -> list[dict[str, Any]]:
    return list(db.rows("import_batches"))


def test_a_failure_after_some_chunks_landed_rolls_back_the_whole_import(db: ImportBench) -> None:
    path = db.write("accounts.csv", SIX_ONE_BAD)
    with pytest.raises(RuntimeError, match="disk full"):
        load(db, path, stop_at_second_chunk(RuntimeError("disk full")))
    assert db.rows("accounts") == [] and db.quarantined() == [] and db.rows("audit_log") == []
    [batch] = batches(db)
    assert (batch["status"], batch["error"], batch["inserted"]) == ("failed", "disk full", 0)
    assert batch["finished_at"] is not None


def test_an_interrupted_import_leaves_nothing_and_running_it_again_completes_it(db: ImportBench) -> None:
    path = db.write("accounts.csv", SIX_ONE_BAD)
    with pytest.raises(ImportInterrupted) as stopped:
        load(db, path, stop_at_second_chunk(KeyboardInterrupt()))
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert str(stopped.value) == (f"interrupted: nothing from {path} was imported; run the same command again "
                                  "to import it")
    assert db.rows("accounts") == [] and db.quarantined() == []
    assert [b["status"] for b in batches(db)] == ["interrupted"]
    again = load(db, path)
    assert (again.inserted, again.quarantined) == (5, 1)
    assert len(db.rows("accounts")) == 5 and len(db.quarantined()) == 1
    assert [b["status"] for b in batches(db)] == ["interrupted", "finished"]


def test_the_run_is_committed_as_running_before_rows_land_and_the_rows_only_at_the_end(db: ImportBench) -> None:
    seen: list[tuple[str, str, int, str, int]] = []

    def look_from_another_connection(_rows: int) -> None:
        with db.engine.connect() as other:
            run = other.execute(select(import_batches)).one()
            stored = other.execute(select(func.count()).select_from(accounts)).scalar_one()
        seen.append((run.status, run.actor, run.pid, run.host, stored))

    load(db, db.write("accounts.csv", SIX), look_from_another_connection, actor="dana")
    assert seen == [("running", "dana", os.getpid(), socket.gethostname(), 0)] * 3
    assert len(db.rows("accounts")) == 6


def test_a_finished_run_records_its_counts_and_when_it_ended(db: ImportBench) -> None:
    db.load_text("accounts.csv", SIX, "accounts")
    summary = db.load_text("accounts.csv", SIX_ONE_BAD.replace("A1,Account 1,DE", "A1,Account 1,FR"), "accounts")
    batch = batches(db)[-1]
    assert {name: batch[name] for name in ("status", "rows_read", "inserted", "updated", "unchanged",
                                           "quarantined", "deleted", "warnings", "actor")} == {
        "status": "finished", "rows_read": 6, "inserted": 0, "updated": 1, "unchanged": 4, "quarantined": 1,
        "deleted": summary.deleted, "warnings": summary.warnings, "actor": "cli"}
    assert batch["finished_at"] is not None and batch["error"] is None


def test_a_file_level_problem_writes_nothing_not_even_the_run(db: ImportBench) -> None:
    with pytest.raises(MissingColumns, match="accounts.csv"):
        db.load_text("accounts.csv", "id,title\nA1,Acme\n", "accounts")
    assert batches(db) == [] and db.rows("accounts") == []


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    return int(child.stdout)


def add_run(engine: Engine, status: str, pid: int, host: str, kind: str = "accounts") -> int:
    values = {"path": f"/exports/{kind}.csv", "sha256": "0" * 64, "kind": kind, "format": "generic",
              "options": {}, "started_at": datetime.now(UTC), "status": status, "pid": pid, "host": host}
    with engine.begin() as conn:
        return int(conn.execute(import_batches.insert().values(values).returning(import_batches.c.id)).scalar_one())


def test_a_running_import_whose_process_is_gone_lists_as_interrupted(db: ImportBench) -> None:
    killed = add_run(db.engine, "running", dead_pid(), socket.gethostname())
    alive = add_run(db.engine, "running", os.getpid(), socket.gethostname())
    elsewhere = add_run(db.engine, "running", dead_pid(), "another-host")
    shown = {run["id"]: run["status"] for run in past_runs(db.engine, RunFilter())}
    assert shown == {killed: "interrupted", alive: "running", elsewhere: "running"}
    assert [run["id"] for run in past_runs(db.engine, RunFilter(status="interrupted"))] == [killed]
    assert (past_run(db.engine, killed) or {}).get("status") == "interrupted"


def test_past_runs_are_newest_first_and_filter_by_kind_status_and_limit(db: ImportBench) -> None:
    first = add_run(db.engine, "finished", 1, "h", "accounts")
    second = add_run(db.engine, "failed", 1, "h", "opportunities")
    third = add_run(db.engine, "finished", 1, "h", "opportunities")
    assert [r["id"] for r in past_runs(db.engine, RunFilter())] == [third, second, first]
    assert [r["id"] for r in past_runs(db.engine, RunFilter(kind="opportunities"))] == [third, second]
    assert [r["id"] for r in past_runs(db.engine, RunFilter(status="finished"))] == [third, first]
    assert [r["id"] for r in past_runs(db.engine, RunFilter(limit=1))] == [third]
    assert past_runs(db.engine, RunFilter())[0]["file"] == "opportunities.csv"


def test_a_finished_run_never_turns_interrupted_afterwards(db: ImportBench) -> None:
    db.load_text("accounts.csv", SIX, "accounts")
    [batch] = batches(db)
    assert end_run(db.engine, batch["id"], "interrupted") is False
    assert [b["status"] for b in batches(db)] == ["finished"]
