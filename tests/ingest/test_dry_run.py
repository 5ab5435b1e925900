"""A dry run lands the whole file in a transaction that is rolled back, and reports what the import would do."""

from __future__ import annotations

from typing import Any

from ingest.ingest_kit import DEALS, ImportBench
from partnerops.ingest.changes import FieldChange
from partnerops.ingest.options import ImportOptions, RunMode
from partnerops.ingest.preview import QuarantinedRow, ReasonCount
from partnerops.ingest.service import import_file

STORED = ("accounts", "opportunities", "audit_log", "quarantine")
FIRST = DEALS + "O1,A1,First,100,USD,Open,2026-01-05,,2026-06-01,Web\nO2,A2,Second,200,USD,Open,2026-01-06,,,Web\n"
# O1 moves on (stage, amount), O3 is new, and row 5 has no name.
SECOND = (DEALS + "O1,A1,First,150,USD,Proposal,2026-01-05,,2026-06-01,Web\n"
          "O2,A2,Second,200,USD,Open,2026-01-06,,,Web\nO3,A1,Third,300,USD,Open,2026-01-07,,,Web\n"
          "O4,A1,,5,USD,Open,2026-01-08,,,Web\n")


def snapshot(db: ImportBench) -> dict[str, list[dict[str, Any]]]:
    return {table: db.rows(table) for table in STORED}


def dry_run(db: ImportBench, content: str, **mode: Any) -> Any:
    path = db.write("deals.csv", content)
    return import_file(db.engine, path, "opportunities", "generic", ImportOptions(), mode=RunMode(dry_run=True,
                                                                                                   **mode))


def test_a_dry_run_writes_nothing_and_reports_updates_field_by_field(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", FIRST, "opportunities")
    before = snapshot(db)
    summary = dry_run(db, SECOND)
    assert snapshot(db) == before
    assert (summary.rows_read, summary.inserted, summary.updated, summary.unchanged, summary.quarantined) == (
        4, 1, 1, 1, 1)
    preview = summary.preview
    assert preview.updates_by_field == {"amount_minor": 1, "stage": 1}
    assert set(preview.updates) == {FieldChange("O1", "amount_minor", "10000", "15000"),
                                    FieldChange("O1", "stage", "Open", "Proposal")}
    assert preview.quarantined_by_reason == [ReasonCount("name", "name is blank", 1)]
    assert preview.quarantined == [QuarantinedRow(5, "name", "name is blank", None)]


def test_a_dry_run_is_kept_in_the_list_of_runs_with_what_it_would_have_done(db: ImportBench) -> None:
    db.with_accounts()
    summary = dry_run(db, FIRST)
    assert summary.status == "dry_run" and db.rows("opportunities") == []
    run = db.rows("import_batches")[-1]
    assert (run["status"], run["inserted"], run["rows_read"]) == ("dry_run", 2, 2)


def test_a_dry_run_samples_at_most_the_number_asked_and_counts_every_change(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", FIRST, "opportunities")
    summary = dry_run(db, FIRST.replace(",Web", ",Event").replace("First", "One").replace("Second", "Two"),
                      sample=3)
    assert len(summary.preview.updates) == 3
    assert summary.preview.updates_by_field == {"lead_source": 2, "name": 2}


def test_a_dry_run_shows_the_dates_that_would_stop_the_real_import(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", FIRST, "opportunities")
    summary = dry_run(db, FIRST.replace("2026-01-05", "2026-05-01"))
    assert summary.preview.dates.too_many and summary.preview.dates.records == 1
    assert summary.preview.dates.sample == [FieldChange("O1", "created_on", "2026-01-05", "2026-05-01")]
    assert str(db.rows("opportunities")[0]["created_on"]) == "2026-01-05"
