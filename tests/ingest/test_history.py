"""Deal history imports: opportunity stage history and line items from Salesforce, HubSpot and generic exports."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.ingest_kit import ImportBench
from partnerops.ingest.history_shapes import derive_history
from partnerops.ingest.keys import identity_hash
from partnerops.ingest.options import ImportOptions

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports" / "history"
# A history row without an id needs its stable key from ingest/keys.py, a HubSpot property-history row the
# derive step of ingest/formats.py: both call ingest/history_shapes.py.


def load(db: ImportBench, name: str, kind: str, fmt: str, **options: object):  # type: ignore[no-untyped-def]
    return db.load(FIXTURES / name, kind, fmt, **options)


def salesforce_deals(db: ImportBench) -> None:
    load(db, "salesforce_accounts.csv", "accounts", "salesforce")
    load(db, "salesforce_opportunities.csv", "opportunities", "salesforce")


def hubspot_deals(db: ImportBench) -> None:
    load(db, "hubspot_companies.csv", "accounts", "hubspot")
    load(db, "hubspot_deals.csv", "opportunities", "hubspot")


def history_by_id(db: ImportBench) -> dict[str, dict[str, object]]:
    return {str(row["external_id"]): row for row in db.rows("stage_history")}


def test_salesforce_opportunity_history_lands_each_stage_change_on_the_day_it_was_made(db: ImportBench) -> None:
    salesforce_deals(db)
    summary = load(db, "salesforce_opportunity_history.csv", "stage_history", "salesforce")
    assert (summary.rows_read, summary.inserted, summary.quarantined) == (10, 8, 2)
    proposal = history_by_id(db)["008Hs00000Qa1BAAQ"]
    assert (proposal["stage"], str(proposal["changed_on"]), str(proposal["expected_close_on"])) == (
        "Proposal/Price Quote", "2025-04-14", "2025-06-30")
    assert (proposal["amount_minor"], proposal["currency"], proposal["forecast_category"]) == (48000_00, "USD",
                                                                                              "BestCase")
    deal_ids = {row["external_id"]: row["id"] for row in db.rows("opportunities")}
    assert proposal["opportunity_id"] == deal_ids["006Hs00001XyZaAIAV"]


def test_history_of_an_unknown_opportunity_or_without_a_stage_is_quarantined_naming_row_and_field(
        db: ImportBench) -> None:
    salesforce_deals(db)
    load(db, "salesforce_opportunity_history.csv", "stage_history", "salesforce")
    unknown, blank = db.quarantined()
    assert (unknown["row_number"], unknown["field"], unknown["value"]) == (10, "opportunity_id", "006Hs00001XyZzAIAV")
    assert "unknown opportunity '006Hs00001XyZzAIAV'" in unknown["reason"]
    assert (blank["row_number"], blank["field"], blank["reason"]) == (11, "stage", "stage is blank")
    assert unknown["file"].endswith("salesforce_opportunity_history.csv")


def test_importing_the_same_history_twice_changes_nothing(db: ImportBench) -> None:
    salesforce_deals(db)
    load(db, "salesforce_opportunity_history.csv", "stage_history", "salesforce")
    before = db.rows("stage_history")
    again = load(db, "salesforce_opportunity_history.csv", "stage_history", "salesforce")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 8)
    assert db.rows("stage_history") == before and len(db.quarantined()) == 2


def test_snake_case_history_an_elt_tool_writes_is_the_same_records(db: ImportBench) -> None:
    salesforce_deals(db)
    load(db, "salesforce_opportunity_history.csv", "stage_history", "salesforce")
    snake = load(db, "salesforce_opportunity_history_snake.csv", "stage_history", "salesforce")
    assert (snake.rows_read, snake.inserted, snake.updated, snake.unchanged, snake.quarantined) == (4, 0, 0, 4, 0)


def test_salesforce_line_items_name_the_product_and_keep_quantity_and_prices_exact(db: ImportBench) -> None:
    salesforce_deals(db)
    summary = load(db, "salesforce_opportunity_line_items.csv", "line_items", "salesforce")
    assert (summary.inserted, summary.quarantined) == (3, 1)
    items = {row["external_id"]: row for row in db.rows("line_items")}
    platform = items["00kHs00000AbC3AIAV"]
    assert (platform["product"], platform["product_code"], platform["product_id"]) == (
        "Platform Enterprise", "PLAT-ENT", "01tHs00000PlAtAIAV")
    assert (platform["quantity"], platform["unit_price"], platform["amount_minor"], platform["currency"]) == (
        "2.5", 12000_00, 30000_00, "GBP")
    (bad,) = db.quarantined()
    assert (bad["row_number"], bad["field"], bad["value"]) == (5, "amount", "abc")
    assert "'abc' is not an amount" in bad["reason"]


def test_hubspot_line_items_attach_to_their_deal_and_an_unknown_deal_is_quarantined(db: ImportBench) -> None:
    hubspot_deals(db)
    summary = load(db, "hubspot_line_items.csv", "line_items", "hubspot")
    assert (summary.inserted, summary.quarantined) == (2, 1)
    seat = {row["external_id"]: row for row in db.rows("line_items")}["7301"]
    assert (seat["product"], seat["product_code"], seat["product_id"], seat["quantity"]) == (
        "Analytics seat", "AN-SEAT", "6601", "50")
    assert (seat["unit_price"], seat["amount_minor"], seat["currency"]) == (500_00, 25000_00, "EUR")
    (unknown,) = db.quarantined()
    assert (unknown["field"], unknown["value"]) == ("opportunity_id", "9999")


def test_generic_history_with_ids_lands(db: ImportBench) -> None:
    db.with_accounts()
    db.load_text("deals.csv", "id,account_id,name,amount,currency,stage,created_on,closed_on\n"
                 "D1,A1,Deal,100,USD,Closed Won,2025-01-06,2025-03-10\n", "opportunities")
    summary = load(db, "generic_stage_history.csv", "stage_history", "generic")
    assert summary.inserted == 3
    assert [row["stage"] for row in db.rows("stage_history", "changed_on")] == ["Qualify", "Proposal", "Closed Won"]


def test_hubspot_property_history_keeps_the_stage_changes_with_stable_keys(db: ImportBench) -> None:
    hubspot_deals(db)
    summary = load(db, "hubspot_deal_property_history.csv", "stage_history", "hubspot")
    assert (summary.rows_read, summary.inserted, summary.quarantined) == (6, 5, 1)
    stages = [(row["stage"], str(row["changed_on"])) for row in db.rows("stage_history", "changed_on, id")]
    assert stages[:3] == [("appointmentscheduled", "2025-02-10"), ("contractsent", "2025-04-22"),
                          ("closedwon", "2025-05-30")]
    (other,) = db.quarantined()
    assert (other["field"], other["value"]) == ("property", "amount")
    assert "not 'dealstage'" in other["reason"]
    again = load(db, "hubspot_deal_property_history.csv", "stage_history", "hubspot")
    assert (again.inserted, again.unchanged) == (0, 5)


def test_hubspot_dealstage_history_rows_without_ids_land_once(db: ImportBench) -> None:
    hubspot_deals(db)
    first = load(db, "hubspot_deal_stage_history.csv", "stage_history", "hubspot")
    again = load(db, "hubspot_deal_stage_history.csv", "stage_history", "hubspot")
    assert (first.inserted, again.inserted, again.unchanged) == (4, 0, 4)
    assert all(str(row["external_id"]).startswith("stage-history-") for row in db.rows("stage_history"))


def test_a_line_item_the_crm_deleted_is_not_imported_as_live(db: ImportBench) -> None:
    salesforce_deals(db)
    summary = db.load_text("items.csv", "Id,OpportunityId,Product2.Name,Quantity,TotalPrice,CurrencyIsoCode,IsDeleted\n"
                           "00kHs00000AbC5AIAV,006Hs00001XyZaAIAV,Platform Enterprise,1,100.00,USD,false\n"
                           "00kHs00000AbC6AIAV,006Hs00001XyZaAIAV,Premium Support,1,50.00,USD,true\n",
                           "line_items", "salesforce")
    assert (summary.inserted, summary.deleted) == (1, 1)
    assert [row["product"] for row in db.rows("line_items")] == ["Platform Enterprise"]


def test_a_history_row_key_is_stable_and_tells_two_changes_on_one_day_apart() -> None:
    frame = pl.DataFrame({"opportunity_id__v": ["9001"] * 3, "stage__v": ["a", "b", "a"],
                          "changed_on": ["2025-02-10T10:00:00Z", "2025-02-10T11:00:00Z", "2025-02-10T12:00:00Z"]})
    keys = identity_hash(frame, "stage_history").to_list()
    assert keys == identity_hash(frame, "stage_history").to_list()
    assert len(set(keys)) == 3 and all(k.startswith("stage-history-") for k in keys)


def test_history_rows_take_the_currency_option_where_the_file_has_none() -> None:
    frame = pl.DataFrame({"currency": [None, "gbp"], "stage": ["a", "b"]}, schema={"currency": pl.String,
                                                                                   "stage": pl.String})
    derived = derive_history(frame, "stage_history", ImportOptions(currency="EUR"))
    assert derived["currency"].to_list() == ["EUR", "gbp"]
