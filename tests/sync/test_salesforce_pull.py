"""Pulling from Salesforce over real HTTP: records land through the import, incrementally from a cursor per object,
with deletions, paging, rate limits, expired tokens and a server killed mid-sync."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml

from partnerops.sync.mapping import default_mapping_path
from sync.crm_kit import Org


def test_first_sync_lands_accounts_partners_deals_and_partner_links(salesforce: Org) -> None:
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert salesforce.live("accounts") == ["001A", "001B"]
    assert salesforce.live("partners") == ["001P"]
    assert salesforce.live("opportunities") == ["006A", "006B"]
    assert salesforce.live("touches") == ["00KA"]
    assert report.counts["opportunities"]["inserted"] == 2
    assert salesforce.rows("opportunities", "external_id", "amount_minor", "outcome", "owner") == [
        ("006A", 4_800_000, "won", "Dana Smith"), ("006B", 1_250_000, "open", "Dana Smith")]


def test_next_sync_reads_only_what_changed_since_the_cursor(salesforce: Org) -> None:
    salesforce.sync()
    # Later than the overlap window: the first sync's records are not read again.
    salesforce.crm.clock += timedelta(hours=2)
    salesforce.crm.put("Opportunity", "006A", Name="Deal 006A renamed")
    report = salesforce.sync()
    deals, accounts = report.counts["opportunities"], report.counts["accounts"]
    assert (deals["inserted"], deals["updated"]) == (0, 1)
    # Besides the change, only what the overlap window before each cursor holds is read again, never the org.
    assert deals["unchanged"] <= 1 and accounts.get("inserted", 0) + accounts.get("updated", 0) == 0
    assert ("006A", "Deal 006A renamed") in salesforce.rows("opportunities", "external_id", "name")


def test_overlap_window_rereads_a_change_committed_late_with_an_earlier_stamp(salesforce: Org) -> None:
    salesforce.sync()
    late = salesforce.crm.clock - timedelta(minutes=1)
    salesforce.crm.put("Opportunity", "006B", Amount=30000.0)
    salesforce.crm.records["Opportunity"]["006B"]["SystemModstamp"] = late.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    salesforce.sync()
    assert ("006B", 3_000_000) in salesforce.rows("opportunities", "external_id", "amount_minor")


def test_a_deal_deleted_in_the_crm_is_marked_deleted_and_a_purged_one_too(salesforce: Org) -> None:
    salesforce.sync()
    salesforce.crm.delete("Opportunity", "006A")
    salesforce.crm.purge("Account", "001B")
    report = salesforce.sync()
    assert salesforce.live("opportunities") == ["006B"]
    assert salesforce.live("accounts") == ["001A"]
    assert report.counts["opportunities"]["deleted"] == 1
    assert report.counts["accounts"]["deleted"] == 1


def test_pages_follow_next_records_url_until_done(salesforce: Org) -> None:
    salesforce.crm.page_size = 1
    for n in range(5):
        salesforce.crm.put("Account", f"001N{n}", Name=f"Nimbus {n}", IsPartner=False)
    report = salesforce.sync()
    assert len(salesforce.live("accounts")) == 7
    assert report.counts["accounts"]["pages"] == 7


def test_request_limit_exceeded_is_retried_and_the_sync_completes(salesforce: Org) -> None:
    salesforce.crm.limited = 2
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert salesforce.live("opportunities") == ["006A", "006B"]


def test_an_expired_token_is_refreshed_once_and_kept_sealed(salesforce: Org) -> None:
    salesforce.crm.expire_tokens()
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert [p for p in salesforce.server.requests if p[1] == "/services/oauth2/token"] == [
        ("POST", "/services/oauth2/token")]
    sealed = salesforce.rows("sync_connections", "sealed_secrets")[0][0]
    assert "token-" not in sealed and "refresh-1" not in sealed


def test_a_refused_refresh_fails_the_run_with_a_clear_error(salesforce: Org) -> None:
    salesforce.crm.expire_tokens()
    salesforce.crm.refresh_token = "revoked"
    report = salesforce.sync()
    assert report.status == "failed"
    assert "authentication failed" in report.errors[0] and "refresh refused" in report.errors[0]
    assert salesforce.live("opportunities") == []


def test_a_field_hidden_by_field_level_security_fails_naming_the_field(salesforce: Org) -> None:
    salesforce.crm.hidden_fields = {"Type"}
    report = salesforce.sync()
    assert report.status == "failed"
    assert "INVALID_FIELD" in report.errors[0] and "'Type'" in report.errors[0]
    # The objects before it landed; the run says where it stopped.
    assert salesforce.live("accounts") == ["001A", "001B"]


def test_a_server_killed_mid_sync_resumes_from_the_last_committed_page(salesforce: Org) -> None:
    salesforce.crm.page_size = 1
    salesforce.server.kill_at(6)
    failed = salesforce.sync()
    assert failed.status == "failed" and "no answer" in failed.errors[0]
    salesforce.server.start()
    done = salesforce.sync()
    assert done.status == "finished", done.errors
    assert salesforce.live("opportunities") == ["006A", "006B"]
    assert salesforce.live("touches") == ["00KA"]
    runs = salesforce.rows("sync_runs", "id", "status")
    assert [status for _, status in runs] == ["failed", "finished"]


def test_above_the_threshold_an_object_is_read_with_bulk_api_2(salesforce: Org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mapping = tmp_path / "mapping.yaml"
    from partnerops.sync.mapping import default_mapping_path

    mapping.write_text(default_mapping_path("salesforce").read_text().replace("bulk_threshold: 10000",
                                                                               "bulk_threshold: 1"))
    salesforce.use_mapping(mapping)
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert salesforce.live("opportunities") == ["006A", "006B"]
    assert any("/jobs/query" in path for _, path in salesforce.server.requests)


def test_a_dry_run_lands_nothing_and_moves_no_cursor(salesforce: Org) -> None:
    report = salesforce.sync(dry_run=True)
    assert report.status == "dry_run"
    # Each object is judged against what is stored: the accounts this run would add are not there for its deals.
    assert report.counts["accounts"]["inserted"] == 2
    assert salesforce.live("opportunities") == []
    assert salesforce.rows("sync_cursors") == []


def test_stage_history_line_items_owner_and_deal_type_arrive_with_the_deals(salesforce: Org) -> None:
    crm = salesforce.crm
    crm.put("OpportunityHistory", "008A1", OpportunityId="006A", StageName="Prospecting",
            CreatedDate="2026-03-02T10:15:00.000+0000", Amount=40000.0, CurrencyIsoCode="USD", CloseDate="2026-05-30")
    crm.put("OpportunityHistory", "008A2", OpportunityId="006A", StageName="Closed Won",
            CreatedDate="2026-05-30T16:00:00.000+0000", Amount=48000.0, CurrencyIsoCode="USD", CloseDate="2026-05-30")
    crm.put("OpportunityLineItem", "00kA1", OpportunityId="006A", ProductCode="PLAT", Product2Id="01tP",
            Quantity=2.0, UnitPrice=24000.0, TotalPrice=48000.0, CurrencyIsoCode="USD",
            **{"Product2.Name": "Platform licence"})
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert salesforce.rows("stage_history", "external_id", "stage", "amount_minor") == [
        ("008A1", "Prospecting", 4_000_000), ("008A2", "Closed Won", 4_800_000)]
    assert salesforce.rows("line_items", "external_id", "product", "quantity", "unit_price") == [
        ("00kA1", "Platform licence", "2.0", 2_400_000)]
    assert salesforce.rows("opportunities", "external_id", "owner", "deal_type") == [
        ("006A", "Dana Smith", "new_business"), ("006B", "Dana Smith", "new_business")]
    crm.delete("OpportunityLineItem", "00kA1")
    salesforce.sync()
    assert salesforce.live("line_items") == []


def test_a_partner_lookup_on_the_deal_is_that_partners_touch_until_it_is_cleared(salesforce: Org,
                                                                                tmp_path: Path) -> None:
    mapping = yaml.safe_load(default_mapping_path("salesforce").read_text())
    mapping["objects"].append({"kind": "touches", "object": "Opportunity", "partner_field": "Partner__c",
                               "role": "Referral", "fields": ["Id", "Partner__c", "CreatedDate", "IsDeleted"]})
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(mapping))
    salesforce.use_mapping(tmp_path / "mapping.yaml")
    salesforce.crm.put("Opportunity", "006B", Partner__c="001P")
    first = salesforce.sync()
    assert first.status == "finished", first.errors
    assert salesforce.live("touches") == ["006B:Partner__c", "00KA"]
    assert ("006B:Partner__c", "referral") in salesforce.rows("touches", "external_id", "type")
    salesforce.crm.put("Opportunity", "006B", Partner__c=None)
    salesforce.crm.put("Opportunity", "006A", Name="Deal 006A renamed")
    cleared = salesforce.sync()
    assert salesforce.live("touches") == ["00KA"]
    assert cleared.counts["touches"]["deleted"] == 1


def test_a_record_deleted_in_the_crm_that_was_never_held_is_counted_skipped(salesforce: Org) -> None:
    salesforce.sync()
    salesforce.crm.put("Opportunity", "006Z", AccountId="001A", Name="Short-lived", StageName="Prospecting")
    salesforce.crm.purge("Opportunity", "006Z")
    report = salesforce.sync()
    assert report.counts["opportunities"]["skipped"] == 1
    assert report.counts["opportunities"].get("deleted", 0) == 0
