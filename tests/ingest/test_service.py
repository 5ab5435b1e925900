"""Importing generic files end to end: good rows land, bad rows are quarantined with a reason."""

from __future__ import annotations

import pytest

from ingest.ingest_kit import ACCOUNTS, DEALS, PARTNERS, ImportBench
from partnerops.ingest.errors import MissingColumns, UnreadableFile


def test_good_rows_land_and_counts_are_reported(db: ImportBench) -> None:
    summary = db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,Big deal,\"$1,200.50\",USD,Closed Won,"
                                           "2026-01-05,2026-03-01,,Web\n", "opportunities")
    assert (summary.rows_read, summary.inserted, summary.quarantined) == (1, 1, 0)
    deal = db.rows("opportunities")[0]
    assert (deal["amount_minor"], deal["currency"], deal["outcome"], str(deal["closed_on"])) == (
        120050, "USD", "won", "2026-03-01")


def test_importing_the_same_file_twice_changes_nothing(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS)
    db.load(path, "accounts")
    again = db.load(path, "accounts")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert db.rows("audit_log") == []


def test_changed_row_updates_the_record_and_audits_each_field(db: ImportBench) -> None:
    db.with_accounts()
    summary = db.load_text("accounts.csv", ACCOUNTS.replace("Acme,acme.com,Enterprise", "Acme Corp,acme.com,SMB"),
                           "accounts", actor="dana")
    assert (summary.updated, summary.unchanged) == (1, 1)
    changes = {(a["field"], a["old_value"], a["new_value"], a["actor"]) for a in db.rows("audit_log")}
    assert changes == {("name", "Acme", "Acme Corp", "dana"), ("segment", "Enterprise", "SMB", "dana")}


def test_empty_file_is_an_error_naming_the_file(db: ImportBench) -> None:
    with pytest.raises(UnreadableFile, match="empty.csv: the file is empty"):
        db.load_text("empty.csv", "", "accounts")


def test_header_only_file_reads_no_rows(db: ImportBench) -> None:
    assert db.load_text("header.csv", "id,name\n", "accounts").rows_read == 0


def test_missing_required_column_names_file_and_column_before_any_row(db: ImportBench) -> None:
    with pytest.raises(MissingColumns, match=r"deals.csv: .*'created_on'") as caught:
        db.with_accounts().load_text("deals.csv", "id,account_id,name,amount,currency,stage\n"
                                     "O1,A1,x,5,USD,Open\n", "opportunities")
    assert caught.value.missing == {"created_on": "created_on"}
    assert db.rows("opportunities") == [] and db.quarantined() == []


def test_export_without_an_amount_column_lands_open_deals_with_the_amount_unknown(db: ImportBench) -> None:
    summary = db.with_accounts().load_text("deals.csv", "id,account_id,name,currency,stage,created_on\n"
                                           "O1,A1,x,USD,Open,2026-01-01\n", "opportunities")
    assert (summary.inserted, summary.quarantined) == (1, 0)
    assert db.rows("opportunities")[0]["amount_minor"] is None


def test_duplicate_external_id_keeps_first_row_and_quarantines_the_rest(db: ImportBench) -> None:
    summary = db.load_text("accounts.csv", ACCOUNTS + "A1,Acme again,,,,\nA1,Acme thrice,,,,\n", "accounts")
    assert (summary.inserted, summary.quarantined) == (2, 2)
    assert db.rows("accounts")[0]["name"] == "Acme"
    kept = db.quarantined()
    assert [k["row_number"] for k in kept] == [4, 5]
    assert all("row 2 of this file" in k["reason"] for k in kept)


@pytest.mark.parametrize(("amount", "minor"), [("\"$1,200.50\"", 120050), ("\"1.200,50 €\"", 120050),
                                               ("1200", 120000), ("EUR 99.9", 9990)])
def test_amount_formats_parse_to_exact_minor_units(db: ImportBench, amount: str, minor: int) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + f"O1,A1,x,{amount},EUR,Open,2026-01-01,,,\n",
                                 "opportunities")
    assert db.rows("opportunities")[0]["amount_minor"] == minor


def test_open_deal_without_an_amount_lands_with_the_amount_unknown_not_zero(db: ImportBench) -> None:
    summary = db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,,USD,Open,2026-01-01,,,\n",
                                           "opportunities")
    assert (summary.inserted, summary.quarantined) == (1, 0)
    assert db.rows("opportunities")[0]["amount_minor"] is None and db.quarantined() == []


@pytest.mark.parametrize(("stage", "outcome"), [("Closed Won", "won"), ("Closed Lost", "lost")])
def test_closed_deal_without_an_amount_is_quarantined(db: ImportBench, stage: str, outcome: str) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + f"O1,A1,x,,USD,{stage},2026-01-01,2026-02-01,,\n",
                                 "opportunities")
    (entry,) = db.quarantined()
    assert (entry["field"], entry["row_number"], entry["severity"]) == ("amount", 2, "error")
    assert entry["reason"] == f"amount is blank for a {outcome} deal: a closed deal needs its amount"
    assert db.rows("opportunities") == []


def test_more_decimals_than_the_currency_allows_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,500.5,JPY,Open,2026-01-01,,,\n"
                                 "O2,A1,y,500,JPY,Open,2026-01-01,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert entry["field"] == "amount" and "more decimals than JPY" in entry["reason"]
    assert db.rows("opportunities")[0]["amount_minor"] == 500


def test_ambiguous_date_is_quarantined_with_a_date_format_hint(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,03/04/2026,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert entry["field"] == "created_on" and "--date-format" in entry["reason"]


def test_date_format_resolves_ambiguous_dates(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,03/04/2026,,,\n", "opportunities",
                                 date_format="%d/%m/%Y")
    assert str(db.rows("opportunities")[0]["created_on"]) == "2026-04-03"


def test_close_date_before_create_date_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Closed Lost,2026-03-01,2026-02-01,,\n",
                                 "opportunities")
    (entry,) = db.quarantined()
    assert entry["field"] == "closed_on" and "before created_on" in entry["reason"]


def test_unknown_currency_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,5,XYZ,Open,2026-03-01,,,\n", "opportunities")
    assert "unknown currency 'XYZ'" in db.quarantined()[0]["reason"]


def test_opportunity_naming_an_unknown_account_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A9,x,5,USD,Open,2026-03-01,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert (entry["field"], entry["value"]) == ("account_id", "A9")
    assert "unknown account 'A9'" in entry["reason"]


def test_unknown_partner_type_is_quarantined_and_known_aliases_map(db: ImportBench) -> None:
    db.load_text("partners.csv", PARTNERS + "P2,Reseller Co,VAR,,,,,\nP3,Odd,wizard,,,,,\n", "partners")
    assert [p["type"] for p in db.rows("partners")] == ["technology", "reseller"]
    assert "unknown type 'wizard'" in db.quarantined()[0]["reason"]


def test_unknown_outcome_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", "id,account_id,name,amount,currency,stage,outcome,created_on\n"
                                 "O1,A1,x,5,USD,Negotiation,maybe,2026-03-01\n", "opportunities")
    assert db.quarantined()[0]["field"] == "outcome"


def test_quarantine_keeps_file_row_field_value_and_raw_row(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + "A3,Gamma,,,,Atlantis\n")
    db.load(path, "accounts")
    (entry,) = db.quarantined()
    assert entry["file"] == str(path.resolve())
    assert (entry["row_number"], entry["field"], entry["value"]) == (4, "country", "Atlantis")
    assert entry["raw"]["name"] == "Gamma" and entry["status"] == "open"


def test_reimporting_a_file_does_not_quarantine_its_bad_rows_twice(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + "A3,,,,,\n")
    db.load(path, "accounts")
    again = db.load(path, "accounts")
    assert again.quarantined == 1 and len(db.quarantined()) == 1


def test_json_list_and_records_object_import_alike(db: ImportBench) -> None:
    db.load_text("a.json", '[{"id": "A1", "name": "Acme", "country": "DE"}]', "accounts")
    db.load_text("b.json", '{"records": [{"id": "A2", "name": "Beta", "country": null}]}', "accounts")
    assert [a["name"] for a in db.rows("accounts")] == ["Acme", "Beta"]


def test_json_amount_numbers_keep_their_exact_digits(db: ImportBench) -> None:
    db.with_accounts().load_text("d.json", '[{"id": "O1", "account_id": "A1", "name": "x", "amount": 0.29, '
                                 '"currency": "USD", "stage": "Open", "created_on": "2026-01-01"}]', "opportunities")
    assert db.rows("opportunities")[0]["amount_minor"] == 29


def test_mapped_headers_read_a_differently_named_export(db: ImportBench) -> None:
    db.load_text("accounts.csv", "Account Number,Company\nA1,Acme\n", "accounts",
                 columns={"id": "Account Number", "name": "Company"})
    assert db.rows("accounts")[0]["external_id"] == "A1"


def test_source_system_keys_records_apart(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS)
    db.load(path, "accounts")
    db.load(path, "accounts", source_system="erp")
    assert sorted({a["source_system"] for a in db.rows("accounts")}) == ["csv", "erp"]
    assert len(db.rows("accounts")) == 4


def test_rates_land_as_exact_text_and_reimport_is_unchanged(db: ImportBench) -> None:
    path = db.write("rates.csv", "currency,quote_currency,valid_on,rate\nEUR,USD,2026-01-01,1.0834\n")
    db.load(path, "rates")
    assert db.load(path, "rates").unchanged == 1
    assert db.rows("currency_rates")[0]["rate"] == "1.0834"


def test_progress_is_called_with_rows_per_chunk(db: ImportBench) -> None:
    seen: list[int] = []
    from partnerops.ingest.options import ImportOptions
    from partnerops.ingest.service import import_file
    import_file(db.engine, db.write("accounts.csv", ACCOUNTS), "accounts", options=ImportOptions(chunk_rows=1),
                progress=seen.append)
    assert seen == [1, 1]


@pytest.mark.parametrize("amount", ["12,5O0", "1,2OO.50", "#500", "12.5 bucks", "US 5"])
def test_amount_with_letters_or_other_characters_is_quarantined_not_guessed(db: ImportBench, amount: str) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + f'O1,A1,x,"{amount}",USD,Open,2026-01-01,,,\n'
                                 "O2,A1,y,5,USD,Open,2026-01-01,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert (entry["field"], entry["value"]) == ("amount", amount)
    assert f"'{amount}' is not an amount" in entry["reason"]
    assert [d["external_id"] for d in db.rows("opportunities")] == ["O2"]


@pytest.mark.parametrize(("amount", "minor"), [("USD 1,200.50", 120050), ("1 200,50", 120050),
                                               ("1\u00a0200,50", 120050), ("1,200.50 USD", 120050),
                                               ("£7", 700), ("$1'200.50", 120050)])
def test_currency_symbols_codes_and_spaces_around_an_amount_are_dropped(db: ImportBench, amount: str,
                                                                       minor: int) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + f'O1,A1,x,"{amount}",USD,Open,2026-01-01,,,\n',
                                 "opportunities")
    assert db.quarantined() == []
    assert db.rows("opportunities")[0]["amount_minor"] == minor


def test_amount_stating_another_currency_than_the_row_is_quarantined(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,EUR 100,USD,Open,2026-01-01,,,\n", "opportunities")
    (entry,) = db.quarantined()
    assert entry["field"] == "amount" and "'EUR 100' is in EUR but the row's currency is USD" in entry["reason"]


@pytest.mark.parametrize(("amount", "minor"), [("1.200", 120000), ("1200", 120000), ("1.200,5", 120050)])
def test_decimal_comma_reads_points_as_thousands_separators(db: ImportBench, amount: str, minor: int) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + f'O1,A1,x,"{amount}",EUR,Open,2026-01-01,,,\n',
                                 "opportunities", decimal_comma=True)
    assert db.rows("opportunities")[0]["amount_minor"] == minor
