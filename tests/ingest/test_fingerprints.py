"""Re-imports set aside the rows whose record an import made from the very same row and nothing has written since;
every other row takes the full path, so the outcome is the one a full comparison gives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ingest.ingest_kit import ACCOUNTS, DEALS, ImportBench
from partnerops.store.fingerprints import fingerprints_guarded, trigger_name
from partnerops.store.tables import accounts

DEAL_ROWS = ("D1,A1,Big deal,1000.00,EUR,Closed Won,2025-01-10,2025-03-01,,Web\n"
             "D2,A2,Small deal,,USD,Prospecting,2025-02-10,,2025-06-01,Event\n")


def _fingerprints(db: ImportBench, table: str) -> dict[str, Any]:
    return {row["external_id"]: row["import_fingerprint"] for row in db.rows(table)}


def _deals(db: ImportBench) -> ImportBench:
    db.with_accounts()
    db.load_text("deals.csv", DEALS + DEAL_ROWS, "opportunities")
    return db


def test_unchanged_reimport_sets_every_row_aside_and_writes_nothing(db: ImportBench) -> None:
    _deals(db)
    stored, audit = db.rows("opportunities"), db.rows("audit_log")
    again = db.load(db.folder / "deals.csv", "opportunities")
    assert (again.unchanged, again.updated, again.inserted) == (2, 0, 0)
    assert (db.rows("opportunities"), db.rows("audit_log")) == (stored, audit)
    assert all(value is not None for value in _fingerprints(db, "opportunities").values())


def test_field_written_here_is_read_from_the_file_again_as_a_full_comparison_would(db: ImportBench) -> None:
    _deals(db)
    with db.engine.begin() as conn:
        conn.execute(text("update opportunities set name = 'Renamed here' where external_id = 'D1'"))
    # Anything but an import writing the record clears its fingerprint, so the row is compared in full.
    assert _fingerprints(db, "opportunities")["D1"] is None
    again = db.load(db.folder / "deals.csv", "opportunities")
    names = {row["external_id"]: row["name"] for row in db.rows("opportunities")}
    assert (again.updated, again.unchanged, names["D1"]) == (1, 1, "Big deal")
    assert [(a["field"], a["old_value"], a["new_value"]) for a in db.rows("audit_log")
            if a["entity"] == "opportunities"] == [("name", "Renamed here", "Big deal")]


def test_record_deleted_and_listed_live_again_in_the_same_file_is_restored(db: ImportBench) -> None:
    db.with_accounts()
    header, acme, beta = ACCOUNTS.splitlines()
    live = db.write("live.csv", f"{header},is_deleted\n{acme},false\n{beta},false\n")
    db.load(live, "accounts")
    db.load_text("gone.csv", f"{header},is_deleted\n{beta},true\n", "accounts")
    again = db.load(live, "accounts")
    assert all(row["deleted_at"] is None for row in db.rows("accounts"))
    assert (again.unchanged, _fingerprints(db, "accounts")["A2"] is not None) == (2, True)


def test_changed_option_reads_every_row_again(db: ImportBench) -> None:
    db.with_accounts()
    path = db.write("deals.csv", DEALS.replace(",currency", "") + "D3,A1,No currency,50.00,Prospecting,"
                    "2025-01-10,,2025-06-01,Web\n")
    db.load(path, "opportunities", currency="EUR")
    again = db.load(path, "opportunities", currency="USD")
    assert (again.updated, db.rows("opportunities")[0]["currency"]) == (1, "USD")


def test_repeated_id_is_quarantined_on_every_import_of_the_file(db: ImportBench) -> None:
    db.with_accounts()
    first_row = DEAL_ROWS.splitlines()[0]
    path = db.write("deals.csv", DEALS + f"{first_row}\n{first_row}\n")
    summaries = [db.load(path, "opportunities") for _ in range(2)]
    assert [(s.inserted + s.unchanged, s.quarantined) for s in summaries] == [(1, 1), (1, 1)]


def test_id_repeated_chunks_apart_is_quarantined_on_every_import_of_the_file(db: ImportBench) -> None:
    db.with_accounts()
    d1, d2 = DEAL_ROWS.splitlines()
    path = db.write("deals.csv", DEALS + f"{d1}\n{d2}\n{d1.replace('Big deal', 'Copy')}\n")
    summaries = [db.load(path, "opportunities", chunk_rows=1) for _ in range(2)]
    assert [(s.inserted, s.unchanged, s.quarantined) for s in summaries] == [(2, 0, 1), (0, 2, 1)]
    assert [(q["row_number"], q["reason"]) for q in db.quarantined()] == [
        (4, "duplicate id 'D1': row 2 of this file already has it (the first row wins)")]


def test_file_with_padded_blank_and_day_first_dates_imported_again_changes_nothing(db: ImportBench) -> None:
    db.with_accounts()
    path = db.write("deals.csv", DEALS + "D1,A1,Padded,10.00,EUR,Prospecting, 2025-01-10 ,,   ,Web\n"
                    "D2,A2,Day first,20.00,EUR,Prospecting,13/01/2025,,,Web\n")
    db.load(path, "opportunities")
    again = db.load(path, "opportunities")
    assert (again.unchanged, again.updated, again.inserted) == (2, 0, 0)
    assert [r["created_on"].isoformat() if hasattr(r["created_on"], "isoformat") else r["created_on"]
            for r in db.rows("opportunities")] == ["2025-01-10", "2025-01-13"]


def test_record_quarantined_by_another_file_closes_its_entry_when_the_first_file_lands_again(
        db: ImportBench) -> None:
    _deals(db)
    db.load_text("bad.csv", DEALS + "D1,A1,Big deal,1000.00,EUR,Closed Won,not a date,2025-03-01,,Web\n",
                 "opportunities")
    assert [q["status"] for q in db.quarantined()] == ["open"]
    db.load(db.folder / "deals.csv", "opportunities")
    assert [q["status"] for q in db.quarantined()] == ["resolved"]


def test_row_with_a_warning_is_checked_again_and_warns_again(db: ImportBench) -> None:
    path = db.write("accounts.csv", "id,name,country\nA1,Acme,Atlantis\n")
    summaries = [db.load(path, "accounts") for _ in range(2)]
    assert [s.warnings for s in summaries] == [1, 1]
    assert _fingerprints(db, "accounts")["A1"] is None


def test_fingerprints_are_trusted_only_while_the_trigger_that_clears_them_exists(db: ImportBench) -> None:
    drop = f"drop trigger {trigger_name(accounts)}" + (" on accounts" if db.engine.dialect.name != "sqlite" else "")
    with db.engine.begin() as conn:
        assert fingerprints_guarded(conn, accounts)
        conn.execute(text(drop))
        assert not fingerprints_guarded(conn, accounts)
