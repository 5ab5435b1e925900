"""A bad optional field is a warning: the record lands with the field empty, the warning is kept and can be
fixed; a bad required field keeps the row out, with every one of its errors."""

from __future__ import annotations

from ingest.ingest_kit import ACCOUNTS, DEALS, PARTNERS, ImportBench
from partnerops.ingest.quarantine import QuarantineFilter, list_entries, retry

WARNINGS = QuarantineFilter(severity="warning")


def test_unknown_country_lands_the_account_with_the_country_empty_and_keeps_a_warning(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + "A3,Gamma,gamma.io,SMB,NA,Atlantis\n")
    summary = db.load(path, "accounts")
    assert (summary.inserted, summary.quarantined, summary.warnings) == (3, 0, 1)
    gamma = db.rows("accounts")[-1]
    assert (gamma["external_id"], gamma["country"], gamma["domain"]) == ("A3", None, "gamma.io")
    (entry,) = db.quarantined()
    assert (entry["severity"], entry["status"], entry["file"], entry["row_number"]) == (
        "warning", "open", str(path.resolve()), 4)
    assert (entry["field"], entry["value"]) == ("country", "Atlantis")
    assert "unknown country 'Atlantis'" in entry["reason"]


def test_website_that_is_not_a_domain_and_unreadable_expected_close_land_with_the_field_empty(
        db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A3,Gamma,not a website,SMB,NA,US\n", "accounts")
    db.load_text("deals.csv", DEALS + "O1,A3,x,5,USD,Open,2026-01-01,,sometime soon,\n", "opportunities")
    assert db.rows("accounts")[-1]["domain"] is None
    deal = db.rows("opportunities")[0]
    assert (deal["external_id"], deal["expected_close_on"], deal["amount_minor"]) == ("O1", None, 500)
    fields = [(e["kind"], e["field"], e["severity"]) for e in db.quarantined()]
    assert fields == [("accounts", "domain", "warning"), ("opportunities", "expected_close_on", "warning")]


def test_unknown_partner_stage_is_a_warning_but_unknown_type_an_error(db: ImportBench) -> None:
    db.load_text("partners.csv", PARTNERS + "P2,Odd Stage,reseller,,dreaming,,,\nP3,Odd Type,wizard,,,,,\n",
                 "partners")
    assert [(p["external_id"], p["stage"]) for p in db.rows("partners")] == [("P1", "co_sell"), ("P2", None)]
    kept = {(e["row_number"], e["field"], e["severity"]) for e in db.quarantined()}
    assert kept == {(3, "stage", "warning"), (4, "type", "error")}


def test_list_shows_warnings_apart_from_errors(db: ImportBench) -> None:
    db.load_text("accounts.csv", ACCOUNTS + "A3,Gamma,,,,Atlantis\nA4,,,,,\n", "accounts")
    assert [e["field"] for e in list_entries(db.engine, WARNINGS)] == ["country"]
    assert [e["field"] for e in list_entries(db.engine, QuarantineFilter(severity="error"))] == ["name"]


def test_retry_set_fixes_the_landed_field_audits_it_and_closes_the_warning(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + "A3,Gamma,,,,Atlantis\n")
    db.load(path, "accounts")
    (entry,) = db.quarantined()
    result = retry(db.engine, entry["id"], {"country": "Germany"}, actor="dana")
    assert result.landed and result.entry["status"] == "resolved"
    assert db.rows("accounts")[-1]["country"] == "DE"
    audit = {(a["entity"], a["field"], a["old_value"], a["new_value"], a["actor"]) for a in db.rows("audit_log")}
    assert ("accounts", "country", None, "DE", "dana") in audit
    assert ("quarantine", "status", "open", "resolved", "dana") in audit


def test_fix_made_by_retry_survives_a_reimport_of_the_unchanged_file(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + "A3,Gamma,,,,Atlantis\n")
    db.load(path, "accounts")
    retry(db.engine, db.quarantined()[0]["id"], {"country": "DE"})
    again = db.load(path, "accounts")
    assert (again.inserted, again.updated) == (0, 0)
    assert db.rows("accounts")[-1]["country"] == "DE"
    assert [e["status"] for e in db.quarantined()] == ["resolved"]


def test_unreadable_value_in_a_later_file_keeps_the_stored_value_and_warns(db: ImportBench) -> None:
    db.with_accounts()
    summary = db.load_text("accounts.csv", ACCOUNTS.replace("Enterprise,EMEA,DE", "Enterprise,EMEA,Atlantis"),
                           "accounts")
    assert (summary.updated, summary.warnings) == (0, 1)
    assert db.rows("accounts")[0]["country"] == "DE"
    assert [(e["field"], e["value"]) for e in db.quarantined()] == [("country", "Atlantis")]


def test_account_with_a_warning_no_longer_drops_the_deals_on_it(db: ImportBench) -> None:
    db.load_text("accounts.csv", "id,name,country\nA1,Acme,Narnia\n", "accounts")
    summary = db.load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026-01-01,,,\n", "opportunities")
    assert (summary.inserted, summary.quarantined) == (1, 0)


def test_every_error_of_a_row_is_kept_and_the_first_is_listed(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A9,,12.5O,XYZ,Closed Won,2026.04.03,,,\n",
                                 "opportunities")
    (entry,) = db.quarantined()
    problems = [(p["field"], p["value"]) for p in entry["errors"]]
    assert problems == [("name", None), ("amount", "12.5O"), ("currency", "XYZ"), ("created_on", "2026.04.03"),
                        ("account_id", "A9")]
    assert (entry["field"], entry["reason"]) == ("name", "name is blank")
    assert "unknown account 'A9'" in entry["errors"][-1]["reason"]


def test_row_with_an_error_and_a_bad_optional_field_is_quarantined_for_the_error(db: ImportBench) -> None:
    summary = db.load_text("accounts.csv", "id,name,country\nA1,,Narnia\n", "accounts")
    assert (summary.quarantined, summary.warnings) == (1, 0)
    (entry,) = db.quarantined()
    assert (entry["severity"], entry["field"]) == ("error", "name")
