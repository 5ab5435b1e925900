"""Pulling from HubSpot over real HTTP: companies, partners and deals with their associations land through the
import, incrementally on hs_lastmodifieddate, past the search API's 10,000-result limit, with archived and merged
deals, 429s and an expired OAuth token."""

from __future__ import annotations

from datetime import timedelta

from sync.crm_kit import Org


def test_first_sync_lands_companies_partners_and_deals_with_their_company(hubspot: Org) -> None:
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert hubspot.live("accounts") == ["901", "902"]
    assert hubspot.live("partners") == ["950"]
    assert hubspot.live("opportunities") == ["512", "513"]
    assert report.counts["deal_companies"]["inserted"] == 2
    accounts = dict(hubspot.rows("accounts", "id", "external_id"))
    deals = hubspot.rows("opportunities", "external_id", "account_id", "amount_minor", "outcome")
    assert deals == [("512", _key(accounts, "901"), 4_800_000, "won"), ("513", _key(accounts, "902"), 1_250_000,
                                                                         "open")]


def _key(accounts: dict[int, str], external_id: str) -> int:
    return next(row_id for row_id, ext in accounts.items() if ext == external_id)


def test_a_long_read_is_windowed_past_the_search_limit(hubspot: Org) -> None:
    for n in range(10_100):
        hubspot.crm.put("companies", str(20_000 + n), name=f"Company {n}", type="PROSPECT")
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert len(hubspot.live("accounts")) == 10_102
    # The second window starts at the first one's last stamp: only records sharing that stamp are read twice.
    assert report.counts["accounts"]["inserted"] == 10_102 and report.counts["accounts"]["unchanged"] <= 1


def test_archived_and_merged_deals_are_marked_deleted(hubspot: Org) -> None:
    hubspot.sync()
    hubspot.crm.clock += timedelta(hours=1)
    hubspot.crm.archive("deals", "513")
    hubspot.crm.put("deals", "514", dealname="Deal 514", amount="900", dealstage="qualified",
                    createdate="2026-04-01T00:00:00.000Z", deal_currency_code="USD")
    hubspot.crm.associate("deals", "514", "companies", "901", 5, "Primary")
    hubspot.sync()
    assert hubspot.live("opportunities") == ["512", "514"]
    hubspot.crm.merge("deals", "512", "514")
    report = hubspot.sync()
    assert hubspot.live("opportunities") == ["512"]
    assert report.counts["opportunities"]["deleted"] == 1


def test_429_with_retry_after_is_honoured_and_the_sync_completes(hubspot: Org) -> None:
    hubspot.crm.limited = 3
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert hubspot.live("opportunities") == ["512", "513"]


def test_an_expired_token_is_refreshed_and_the_rotated_refresh_token_kept(hubspot: Org) -> None:
    hubspot.sync()
    hubspot.crm.expire_tokens()
    hubspot.crm.put("deals", "513", amount="13000")
    assert hubspot.sync().status == "finished"
    # HubSpot rotated the refresh token: the stored one must be the new one, or the next refresh would fail.
    hubspot.crm.expire_tokens()
    hubspot.crm.put("deals", "513", amount="14000")
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert ("513", 1_400_000) in hubspot.rows("opportunities", "external_id", "amount_minor")


def test_a_deal_with_a_bad_amount_is_quarantined_and_the_others_land(hubspot: Org) -> None:
    hubspot.crm.put("deals", "515", dealname="Deal 515", amount="a lot", dealstage="qualified",
                    createdate="2026-04-01T00:00:00.000Z", deal_currency_code="USD")
    hubspot.crm.associate("deals", "515", "companies", "901", 5, "Primary")
    report = hubspot.sync()
    assert report.counts["opportunities"]["quarantined"] == 1
    assert hubspot.live("opportunities") == ["512", "513"]
    assert any("amount" in line for line in report.problems)


def test_a_labelled_association_with_a_partner_company_is_its_touch_and_goes_with_the_link(hubspot: Org) -> None:
    hubspot.crm.associate("deals", "512", "companies", "950", 3, "Reseller")
    hubspot.crm.associate("deals", "513", "companies", "950", 341, None)
    report = hubspot.sync()
    assert report.counts["touches"]["inserted"] == 1, report.problems
    assert hubspot.rows("touches", "external_id", "type", "status") == [("512:950:3", "deal_registration",
                                                                          "confirmed")]
    hubspot.crm.links[("deals", "companies")]["512"] = [("901", 5, "Primary")]
    hubspot.crm.put("deals", "512", amount="49000")
    hubspot.sync()
    assert hubspot.live("touches") == []


def test_an_unknown_association_label_is_quarantined_naming_it(hubspot: Org) -> None:
    hubspot.crm.associate("deals", "512", "companies", "950", 7, "Golf buddy")
    report = hubspot.sync()
    assert report.counts["touches"]["quarantined"] == 1
    assert any("Golf buddy" in line for line in report.problems)
