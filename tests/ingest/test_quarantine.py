"""Working the quarantine: one entry per source record, closed when the record lands; retry (one entry or a
whole class, with fixes or import options) lands rows; a still-bad row keeps its new reasons."""

from __future__ import annotations

import pytest

from ingest.ingest_kit import ACCOUNTS, DEALS, ImportBench
from partnerops.ingest.quarantine import (
    QuarantineFilter,
    RetryOptions,
    UnknownEntry,
    discard,
    discard_where,
    list_entries,
    reason_summary,
    retry,
    retry_where,
)


def _one_bad_deal(db: ImportBench) -> int:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,,USD,Closed Won,2026.04.03,2026-05-01,,\n",
                                 "opportunities")
    return int(db.quarantined()[0]["id"])


def test_retry_with_fixes_lands_the_row_and_resolves_the_entry(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    result = retry(db.engine, entry_id, {"amount": "1200", "created_on": "2026-04-03"}, actor="dana")
    assert result.landed and result.entry["status"] == "resolved"
    assert db.rows("opportunities")[0]["amount_minor"] == 120000


def test_retry_of_a_still_bad_row_keeps_it_with_the_new_reason(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    result = retry(db.engine, entry_id, {"amount": "1200"})
    assert not result.landed
    assert (result.entry["field"], result.entry["status"]) == ("created_on", "open")
    assert "'2026.04.03' is not a date" in result.entry["reason"]


def test_discard_closes_an_entry_and_list_filters_by_status(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    discard(db.engine, entry_id)
    assert list_entries(db.engine, QuarantineFilter()) == []
    assert [e["id"] for e in list_entries(db.engine, QuarantineFilter(status="discarded"))] == [entry_id]
    with pytest.raises(UnknownEntry, match="discarded"):
        retry(db.engine, entry_id)


def test_list_filters_by_file_name_and_kind(db: ImportBench) -> None:
    _one_bad_deal(db)
    assert len(list_entries(db.engine, QuarantineFilter(file="deals.csv", kind="opportunities"))) == 1
    assert list_entries(db.engine, QuarantineFilter(kind="accounts")) == []


def test_the_same_bad_row_from_another_folder_or_a_resaved_copy_is_one_entry(db: ImportBench) -> None:
    bad = DEALS + "O1,A1,x,5,USD,Open,2026.04.03,,,\n"
    db.with_accounts()
    (db.folder / "monday").mkdir()
    (db.folder / "tuesday").mkdir()
    first = db.load(db.write("monday/deals.csv", bad), "opportunities")
    second = db.load(db.write("tuesday/deals-copy.csv", bad.replace("\n", "\r\n")), "opportunities")
    (entry,) = db.quarantined()
    assert (entry["record_key"], entry["source_system"], entry["status"]) == ("O1", "csv", "open")
    assert entry["file"].endswith("tuesday/deals-copy.csv") and entry["batch_id"] == second.batch_id
    assert first.batch_id != second.batch_id and entry["updated_at"] is not None


def test_rows_without_an_id_are_one_entry_per_file_name_and_row(db: ImportBench) -> None:
    (db.folder / "old").mkdir()
    rates = "currency,quote_currency,valid_on,rate\nEUR,USD,2026-01-01,abc\n"
    db.load(db.write("old/rates.csv", rates), "rates")
    db.load(db.write("rates.csv", rates), "rates")
    assert [e["record_key"] for e in db.quarantined()] == ["rates.csv row 2"]


def test_an_entry_closes_by_itself_when_a_later_import_lands_the_record(db: ImportBench) -> None:
    _one_bad_deal(db)
    fixed = db.load_text("deals-fixed.csv", DEALS + "O1,A1,x,,USD,Open,2026-04-03,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert (entry["status"], entry["closed_batch_id"]) == ("resolved", fixed.batch_id)
    assert db.rows("opportunities")[0]["external_id"] == "O1"


def test_a_discarded_row_stays_discarded_while_unchanged_and_reopens_when_the_row_changes(db: ImportBench) -> None:
    path = db.write("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026.04.03,,,\n")
    db.with_accounts().load(path, "opportunities")
    discard(db.engine, db.quarantined()[0]["id"])
    again = db.load(path, "opportunities")
    assert again.quarantined == 1 and again.problems == []
    assert [e["status"] for e in db.quarantined()] == ["discarded"]
    db.load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026.04.05,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert (entry["status"], entry["value"]) == ("open", "2026.04.05")


def test_a_row_fixed_by_retry_stays_fixed_when_the_unchanged_file_is_imported_again(db: ImportBench) -> None:
    path = db.write("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026.04.03,,,\n")
    db.with_accounts().load(path, "opportunities")
    retry(db.engine, db.quarantined()[0]["id"], {"created_on": "2026-04-03"})
    db.load(path, "opportunities")
    assert [e["status"] for e in db.quarantined()] == ["resolved"]
    assert str(db.rows("opportunities")[0]["created_on"]) == "2026-04-03"


def test_bulk_retry_with_a_date_format_lands_a_whole_class_of_rows(db: ImportBench) -> None:
    rows = "".join(f"O{n},A1,deal {n},5,USD,Open,2026.05.0{n},,,\n" for n in range(1, 5))
    db.with_accounts().load_text("deals.csv", DEALS + rows + "O9,A9,x,5,USD,Open,2026-01-01,,,\n", "opportunities")
    assert [s[4] for s in reason_summary(db.engine, QuarantineFilter())] == [4, 1]
    report = retry_where(db.engine, QuarantineFilter(reason="is not a date"), actor="dana",
                         options=RetryOptions(date_format="%Y.%m.%d"))
    assert (report.landed, report.open) == (4, 0)
    assert sorted(str(d["created_on"]) for d in db.rows("opportunities")) == [
        "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"]
    assert len(list_entries(db.engine, QuarantineFilter())) == 1
    audit = [(a["entity"], a["actor"], a["reason"]) for a in db.rows("audit_log") if a["entity"] == "quarantine"]
    assert audit == [("quarantine", "dana", "retry --date-format %Y.%m.%d")] * 4


def test_bulk_retry_with_a_ref_points_deals_at_accounts_of_another_system(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS, "accounts", source_system="salesforce")
    db.load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026-01-01,,,\nO2,A2,y,5,USD,Open,2026-01-01,,,\n",
                 "opportunities")
    report = retry_where(db.engine, QuarantineFilter(kind="opportunities", field="account_id"),
                         options=RetryOptions(refs={"account": "salesforce"}))
    assert (report.landed, report.open) == (2, 0)
    assert len(db.rows("opportunities")) == 2


def test_deals_land_by_retry_once_their_account_is_fixed(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A3,,,,,\n", "accounts")
    db.load_text("deals.csv", DEALS + "O1,A3,x,5,USD,Open,2026-01-01,,,\nO2,A3,y,,USD,Open,2026-01-01,,,\n",
                 "opportunities")
    account_entry = list_entries(db.engine, QuarantineFilter(kind="accounts"))[0]
    assert retry(db.engine, account_entry["id"], {"name": "Gamma"}).landed
    still = retry_where(db.engine, QuarantineFilter(kind="opportunities", reason="UNKNOWN ACCOUNT"))
    assert (still.landed, still.open) == (2, 0)
    assert [d["external_id"] for d in db.rows("opportunities")] == ["O1", "O2"]


def test_an_import_landing_the_account_closes_its_entry_and_retry_then_lands_its_deals(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A3,,,,,\n", "accounts")
    db.load_text("deals.csv", DEALS + "O1,A3,x,5,USD,Open,2026-01-01,,,\n", "opportunities")
    db.load_text("accounts.csv", ACCOUNTS + "A3,Gamma,,,,\n", "accounts")
    assert [e["kind"] for e in list_entries(db.engine, QuarantineFilter())] == ["opportunities"]
    assert retry_where(db.engine, QuarantineFilter(field="account_id")).landed == 1
    assert list_entries(db.engine, QuarantineFilter()) == []


def test_a_duplicate_row_retried_without_a_new_id_stays_a_duplicate(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A1,Acme again,,,,\n", "accounts")
    entry_id = db.quarantined()[0]["id"]
    assert not retry(db.engine, entry_id).landed
    assert db.rows("accounts")[0]["name"] == "Acme"
    assert retry(db.engine, entry_id, {"id": "A7"}).landed
    assert db.rows("accounts")[-1]["external_id"] == "A7"


def test_discard_by_filter_audits_each_entry(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A3,,,,,\nA4,,,,,\nA5,Eps,,,,Narnia\n", "accounts")
    assert discard_where(db.engine, QuarantineFilter(field="name"), actor="dana") == 2
    assert [e["field"] for e in list_entries(db.engine, QuarantineFilter())] == ["country"]
    audit = [(a["entity"], a["new_value"], a["actor"]) for a in db.rows("audit_log")]
    assert audit == [("quarantine", "discarded", "dana")] * 2
