"""Pulling from Salesforce over real HTTP: records land through the import, incrementally from a cursor per object,
with deletions, paging, rate limits, expired tokens and a server killed mid-sync."""

from __future__ import annotations

from sync.crm_kit import Org


def test_first_sync_lands_accounts_partners_deals_and_partner_links(salesforce: Org) -> None:
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert salesforce.live("accounts") == ["001A", "001B"]
    assert salesforce.live("partners") == ["001P"]
    assert salesforce.live("opportunities") == ["006A", "006B"]
    assert salesforce.live("touches") == ["00KA"]
    assert report.counts["opportunities"]["inserted"] == 2
