"""Salesforce and HubSpot exports, and touches: CRM column names, outcomes, close dates and roles."""

from __future__ import annotations

import pytest

from ingest.ingest_kit import PARTNERS, ImportBench
from partnerops.ingest.errors import MissingColumns

SF_ACCOUNTS = ("Id,Name,Website,BillingCountry,Segment__c,Region__c\n"
               "001A,Acme,https://www.acme.com,United States,Ent,NA\n")
SF_DEALS = ("Id,AccountId,Name,Amount,CurrencyIsoCode,StageName,IsClosed,IsWon,CloseDate,CreatedDate,LeadSource\n"
            "006A,001A,Won deal,1000,USD,Signed,true,true,2026-04-01,2026-03-02T10:15:00.000+0000,Web\n"
            "006B,001A,Open deal,2000,USD,Negotiation,false,false,2026-06-30,2026-03-02T10:15:00.000+0000,Web\n")


def _salesforce_deals(db: ImportBench) -> None:
    db.load_text("accounts.csv", SF_ACCOUNTS, "accounts", "salesforce")
    db.load_text("deals.csv", SF_DEALS, "opportunities", "salesforce")


def test_salesforce_account_export_normalises_website_and_country(db: ImportBench) -> None:
    db.load_text("accounts.csv", SF_ACCOUNTS, "accounts", "salesforce")
    account = db.rows("accounts")[0]
    assert (account["source_system"], account["domain"], account["country"], account["segment"]) == (
        "salesforce", "acme.com", "US", "Ent")


def test_salesforce_is_won_flag_decides_outcome_over_stage_name(db: ImportBench) -> None:
    _salesforce_deals(db)
    assert [d["outcome"] for d in db.rows("opportunities")] == ["won", "open"]


def test_salesforce_close_date_of_an_open_deal_is_its_expected_close(db: ImportBench) -> None:
    _salesforce_deals(db)
    won, open_deal = db.rows("opportunities")
    assert (str(won["closed_on"]), won["expected_close_on"]) == ("2026-04-01", None)
    assert (open_deal["closed_on"], str(open_deal["expected_close_on"])) == (None, "2026-06-30")
    assert str(won["created_on"]) == "2026-03-02"


def test_salesforce_opportunity_partner_rows_become_touches_by_role(db: ImportBench) -> None:
    _salesforce_deals(db)
    db.load_text("partners.csv", PARTNERS.replace("P1", "001P"), "partners", "generic", source_system="salesforce")
    db.load_text("op.csv", "Id,OpportunityId,AccountToId,Role,IsPrimary,CreatedDate\n"
                 "00K1,006A,001P,VAR/Reseller,true,2026-03-05T09:00:00.000+0000\n"
                 "00K2,006A,001P,Astrologer,false,2026-03-06T09:00:00.000+0000\n", "touches", "salesforce")
    (touch,) = db.rows("touches")
    assert (touch["type"], touch["status"], str(touch["touched_on"])) == ("deal_registration", "confirmed",
                                                                          "2026-03-05")
    (entry,) = db.quarantined()
    assert entry["field"] == "type" and "unknown OpportunityPartner role 'Astrologer'" in entry["reason"]


def test_role_map_from_options_maps_a_custom_role(db: ImportBench) -> None:
    _salesforce_deals(db)
    db.load_text("partners.csv", PARTNERS.replace("P1", "001P"), "partners", source_system="salesforce")
    db.load_text("op.csv", "Id,OpportunityId,AccountToId,Role,IsPrimary,CreatedDate\n"
                 "00K2,006A,001P,Astrologer,false,2026-03-06\n", "touches", "salesforce", roles={"Astrologer": "intel"})
    assert db.rows("touches")[0]["type"] == "intel"


HS_DEALS = ("Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Pipeline,Associated Company\n"
            "9001,Deal one,closedwon,500,2026-05-01,2026-04-01,Sales,Acme\n"
            "9002,Deal two,Appointment Scheduled,700,2026-07-01,2026-04-01,Sales,Acme\n")
HS_COMPANIES = "Record ID,Company name,Company Domain Name\n77,Acme,acme.com\n"


def test_hubspot_deals_without_currency_column_require_a_currency(db: ImportBench) -> None:
    db.load_text("companies.csv", HS_COMPANIES, "accounts", "hubspot")
    with pytest.raises(MissingColumns, match="--currency"):
        db.load_text("deals.csv", HS_DEALS, "opportunities", "hubspot")
    summary = db.load_text("deals.csv", HS_DEALS, "opportunities", "hubspot", currency="EUR")
    assert summary.inserted == 2
    won, open_deal = db.rows("opportunities")
    assert (won["outcome"], won["currency"], open_deal["outcome"]) == ("won", "EUR", "open")
    assert open_deal["closed_on"] is None and str(open_deal["expected_close_on"]) == "2026-07-01"


def _hubspot_deals(db: ImportBench, companies: str, company: str) -> None:
    db.load_text("companies.csv", companies, "accounts", "hubspot")
    db.load_text("deals.csv", "Record ID,Deal Name,Deal Stage,Amount,Create Date,Associated Company\n"
                 f"9001,Deal one,closedwon,500,2026-04-01,{company}\n"
                 "9002,Deal two,closedwon,700,2026-04-01,Acme\n", "opportunities", "hubspot", currency="EUR")


def test_hubspot_deal_finds_its_company_by_name_ignoring_case_and_spaces(db: ImportBench) -> None:
    _hubspot_deals(db, HS_COMPANIES, "  ACME ")
    (company,) = db.rows("accounts")
    assert [d["account_id"] for d in db.rows("opportunities")] == [company["id"], company["id"]]
    assert db.quarantined() == []


def test_hubspot_deal_naming_no_imported_company_is_quarantined_not_guessed(db: ImportBench) -> None:
    _hubspot_deals(db, HS_COMPANIES, "Acme Inc")
    (entry,) = db.quarantined()
    assert (entry["row_number"], entry["field"], entry["value"]) == (2, "account_name", "Acme Inc")
    assert "no company named 'Acme Inc'" in entry["reason"]
    assert [d["external_id"] for d in db.rows("opportunities")] == ["9002"]


def test_hubspot_deal_naming_several_companies_is_quarantined_with_their_ids(db: ImportBench) -> None:
    _hubspot_deals(db, HS_COMPANIES + "78,acme ,acme.de\n", "Acme")
    assert db.rows("opportunities") == []
    assert [(q["field"], q["value"]) for q in db.quarantined()] == [("account_name", "Acme")] * 2
    assert "matches 2 companies from source system 'hubspot' (ids 77, 78)" in db.quarantined()[0]["reason"]


def test_hubspot_company_id_column_wins_over_the_company_name(db: ImportBench) -> None:
    db.load_text("companies.csv", HS_COMPANIES + "78,Acme,acme.de\n", "accounts", "hubspot")
    db.load_text("deals.csv", "Record ID,Deal Name,Deal Stage,Amount,Create Date,Associated Company,"
                 "Associated Company IDs (Primary)\n9001,Deal one,closedwon,500,2026-04-01,Acme,78\n",
                 "opportunities", "hubspot", currency="EUR")
    assert db.quarantined() == []
    assert db.rows("opportunities")[0]["account_id"] == db.rows("accounts")[1]["id"]


def test_stage_map_from_options_sets_outcomes(db: ImportBench) -> None:
    db.with_accounts().load_text("d.csv", "id,account_id,name,amount,currency,stage,created_on\n"
                                 "O1,A1,x,5,USD,Signed,2026-01-01\n", "opportunities", stages={"Signed": "won"})
    assert db.rows("opportunities")[0]["outcome"] == "won"


TOUCHES = "partner_id,opportunity_id,type,touched_on,actor,evidence\n"


def _deal_and_partner(db: ImportBench) -> None:
    db.with_accounts().load_text("d.csv", "id,account_id,name,amount,currency,stage,created_on\n"
                                 "O1,A1,x,5,USD,Open,2026-01-01\n", "opportunities")
    db.load_text("p.csv", PARTNERS, "partners")


def test_touches_without_id_are_keyed_by_their_place_and_reimport_is_unchanged(db: ImportBench) -> None:
    _deal_and_partner(db)
    path = db.write("t.csv", TOUCHES + "P1,O1,poc,2026-02-01,ann,demo\nP1,O1,joint_call,2026-02-03,ann,\n")
    first = db.load(path, "touches")
    again = db.load(path, "touches")
    assert (first.inserted, again.unchanged) == (2, 2)
    assert all(t["external_id"].startswith("touch-") for t in db.rows("touches"))


def test_two_identical_touch_rows_without_an_id_are_two_touches(db: ImportBench) -> None:
    _deal_and_partner(db)
    path = db.write("t.csv", TOUCHES + "P1,O1,joint_call,2026-02-03,ann,\nP1,O1,joint_call,2026-02-03,ann,\n")
    first = db.load(path, "touches")
    stored, audit = db.rows("touches"), db.rows("audit_log")
    again = db.load(path, "touches")
    assert (first.inserted, first.quarantined, len(stored)) == (2, 0, 2)
    assert (again.unchanged, db.rows("touches"), db.rows("audit_log")) == (2, stored, audit)


def test_touch_rows_keep_their_identity_in_a_copy_of_the_file_elsewhere(db: ImportBench) -> None:
    _deal_and_partner(db)
    rows = TOUCHES + "P1,O1,poc,2026-02-01,ann,\nP1,O1,poc,2026-02-01,ann,\n"
    db.load_text("t.csv", rows, "touches")
    (db.folder / "copy").mkdir()
    again = db.load_text("copy/t.csv", rows, "touches")
    assert (again.unchanged, len(db.rows("touches"))) == (2, 2)


def test_collapse_duplicates_makes_identical_touch_rows_one_touch(db: ImportBench) -> None:
    _deal_and_partner(db)
    path = db.write("t.csv", TOUCHES + "P1,O1,joint_call,2026-02-03,ann,\nP1,O1,joint_call,2026-02-03,ann,\n")
    first = db.load(path, "touches", collapse_duplicates=True)
    again = db.load(path, "touches", collapse_duplicates=True)
    assert (first.inserted, first.quarantined, len(db.rows("touches"))) == (1, 1, 1)
    assert (again.unchanged, again.inserted) == (1, 0)
    assert "duplicate" in db.quarantined()[0]["reason"]


def test_touch_naming_unknown_partner_or_opportunity_is_quarantined(db: ImportBench) -> None:
    _deal_and_partner(db)
    db.load_text("t.csv", TOUCHES + "P9,O1,poc,2026-02-01,ann,\nP1,O9,poc,2026-02-01,ann,\n", "touches")
    assert [(q["field"], q["value"]) for q in db.quarantined()] == [("partner_id", "P9"), ("opportunity_id", "O9")]


def test_unknown_touch_type_and_status_are_quarantined(db: ImportBench) -> None:
    _deal_and_partner(db)
    db.load_text("t.csv", "partner_id,opportunity_id,type,touched_on,status\nP1,O1,smoke_signal,2026-02-01,\n"
                 "P1,O1,poc,2026-02-01,pending\n", "touches")
    assert [q["field"] for q in db.quarantined()] == ["type", "status"]


def test_touch_status_option_applies_when_the_column_is_absent(db: ImportBench) -> None:
    _deal_and_partner(db)
    db.load_text("t.csv", TOUCHES + "P1,O1,poc,2026-02-01,ann,\n", "touches", touch_status="claimed")
    assert db.rows("touches")[0]["status"] == "claimed"
