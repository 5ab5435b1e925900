"""HubSpot deals arrive with their owners' names, their stage history and their line items (each with its deal),
and a line item deleted in HubSpot is deleted here (SQLite and PostgreSQL)."""

from __future__ import annotations

from sync.crm_kit import Org


def test_owner_ids_are_read_as_the_owners_names(hubspot: Org) -> None:
    hubspot.crm.add_owner("41629779", "Dana", "Smith")
    hubspot.crm.add_owner("41629780", "Lou", "Park", archived=True)
    hubspot.crm.put("deals", "512", hubspot_owner_id="41629779")
    hubspot.crm.put("deals", "513", hubspot_owner_id="41629780")
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert hubspot.rows("opportunities", "external_id", "owner") == [("512", "Dana Smith"), ("513", "Lou Park")]


def test_every_stage_a_deal_entered_is_its_stage_history(hubspot: Org) -> None:
    hubspot.crm.put("deals", "513", dealstage="presentationscheduled")
    hubspot.sync()
    hubspot.crm.put("deals", "513", dealstage="decisionmakerboughtin")
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    history = hubspot.rows("stage_history", "opportunity_id", "stage")
    deal = dict((e, i) for i, e in hubspot.rows("opportunities", "id", "external_id"))["513"]
    assert [stage for opportunity, stage in history if opportunity == deal] == sorted(
        ["qualified", "presentationscheduled", "decisionmakerboughtin"])
    assert report.counts["stage_history"]["inserted"] == 1


def test_line_items_land_on_their_deal_and_a_deleted_one_goes(hubspot: Org) -> None:
    for item, deal, name, price in (("8801", "512", "Platform licence", "40000"), ("8802", "512", "Onboarding",
                                                                                   "8000")):
        hubspot.crm.put("line_items", item, name=name, hs_sku=name[:4].upper(), quantity="1", price=price,
                        amount=price, hs_line_item_currency_code="USD")
        hubspot.crm.associate("line_items", item, "deals", deal, 20, None)
    first = hubspot.sync()
    assert first.status == "finished", first.errors
    assert hubspot.rows("line_items", "external_id", "product", "product_code", "unit_price") == [
        ("8801", "Platform licence", "PLAT", 4_000_000), ("8802", "Onboarding", "ONBO", 800_000)]
    hubspot.crm.archive("line_items", "8802")
    again = hubspot.sync()
    assert again.counts["line_items"]["deleted"] == 1
    assert hubspot.live("line_items") == ["8801"]
