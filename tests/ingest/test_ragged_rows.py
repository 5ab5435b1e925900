"""CSV rows with the wrong number of fields: quarantined whole, while every other row lands."""

from __future__ import annotations

from ingest.ingest_kit import ACCOUNTS, ImportBench
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.quarantine import retry
from partnerops.ingest.service import import_file

RAGGED = ACCOUNTS + "A3,Gamma,gamma.io,SMB,NA,US,surplus\nA4,Delta\nA5,Epsilon,eps.io,SMB,NA,US\n"


def test_row_with_too_many_or_too_few_fields_is_quarantined_and_the_rest_land(db: ImportBench) -> None:
    summary = db.load_text("accounts.csv", RAGGED, "accounts")
    assert (summary.rows_read, summary.inserted, summary.quarantined) == (5, 3, 2)
    assert [a["external_id"] for a in db.rows("accounts")] == ["A1", "A2", "A5"]
    kept = [(q["row_number"], q["field"], q["value"], q["reason"]) for q in db.quarantined()]
    assert kept == [(4, "(row)", "A3,Gamma,gamma.io,SMB,NA,US,surplus", "expected 6 fields, found 7"),
                    (5, "(row)", "A4,Delta", "expected 6 fields, found 2")]


def test_ragged_row_in_a_later_chunk_does_not_undo_earlier_chunks(db: ImportBench) -> None:
    path = db.write("accounts.csv", RAGGED)
    summary = import_file(db.engine, path, "accounts", options=ImportOptions(chunk_rows=2))
    assert (summary.inserted, summary.quarantined) == (3, 2)
    assert [q["row_number"] for q in db.quarantined()] == [4, 5]


def test_rows_after_a_ragged_row_keep_their_spreadsheet_row_numbers(db: ImportBench) -> None:
    db.load_text("accounts.csv", "id,name,country\nA1,x\nA2,y,Narnia\n\"A3\nstill A3\",z,DE,extra\nA4,w,Oz\n",
                 "accounts")
    assert [(q["row_number"], q["field"]) for q in db.quarantined()] == [
        (2, "(row)"), (3, "country"), (4, "(row)"), (5, "country")]


def test_reimporting_a_file_with_ragged_rows_keeps_them_once(db: ImportBench) -> None:
    path = db.write("accounts.csv", RAGGED)
    db.load(path, "accounts")
    again = db.load(path, "accounts")
    assert (again.inserted, again.quarantined) == (0, 2) and len(db.quarantined()) == 2


def test_ragged_row_retried_with_a_corrected_line_lands(db: ImportBench) -> None:
    db.load_text("accounts.csv", RAGGED, "accounts")
    entry_id = int(db.quarantined()[1]["id"])
    still = retry(db.engine, entry_id, {"segment": "SMB"})
    assert not still.landed and still.entry["reason"] == "expected 6 fields, found 2"
    fixed = retry(db.engine, entry_id, {"(row)": "A4,Delta,delta.io,SMB,NA,US"})
    assert fixed.landed and db.rows("accounts")[-1]["domain"] == "delta.io"


def test_ragged_row_of_a_semicolon_file_is_retried_with_a_semicolon_line(db: ImportBench) -> None:
    db.load_text("accounts.csv", RAGGED.replace(",", ";"), "accounts")
    entry = db.quarantined()[1]
    assert (entry["value"], entry["reason"]) == ("A4;Delta", "expected 6 fields, found 2")
    assert retry(db.engine, int(entry["id"]), {"(row)": "A4;Delta;delta.io;SMB;NA;US"}).landed
    assert db.rows("accounts")[-1]["domain"] == "delta.io"


def test_ragged_row_keeps_every_header_column_though_the_import_read_only_some(db: ImportBench) -> None:
    db.load_text("accounts.csv", "id,name,notes,country\nA1,Acme,first call,DE\nA2,Beta\n", "accounts")
    entry = db.quarantined()[0]
    assert list(entry["raw"]) == ["id", "name", "notes", "country", "(row)"]
    fixed = retry(db.engine, int(entry["id"]), {"(row)": "A2,Beta,met at a fair,US"})
    assert fixed.landed and db.rows("accounts")[-1]["country"] == "US"
