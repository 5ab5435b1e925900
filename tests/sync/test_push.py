"""Writing attribution back onto CRM deals over real HTTP: only what changed, batched, idempotent; a field a CRM user
edited since the last push is a conflict left as the user set it; locked records are retried; failures listed."""

from __future__ import annotations

from sync.crm_kit import Org

TIER, SOURCING, INVOLVED, LINK = ("Partner_Attribution_Tier__c", "Sourcing_Partner__c", "Partners_Involved__c",
                                  "Partner_Attribution_Link__c")


def _synced(org: Org) -> Org:
    assert org.sync().status == "finished"
    org.attribute()
    return org


def test_push_writes_tier_partners_and_link_onto_each_deal(salesforce: Org) -> None:
    report = _synced(salesforce).push()
    assert report.status == "finished", report.errors
    deals = salesforce.crm.records["Opportunity"]
    assert deals["006A"][TIER] == "sourced" and deals["006A"][SOURCING] == "Cloud Partners"
    assert deals["006A"][INVOLVED] == "Cloud Partners"
    assert deals["006A"][LINK] == "https://partnerops.example/opportunities/salesforce%3A006A"
    assert deals["006B"][TIER] == "direct" and deals["006B"].get(SOURCING) is None
    assert report.counts["Opportunity"]["written"] == 6


def test_a_second_push_writes_nothing(salesforce: Org) -> None:
    _synced(salesforce).push()
    before = len(salesforce.crm.writes)
    report = salesforce.push()
    assert len(salesforce.crm.writes) == before
    assert report.counts["Opportunity"]["written"] == 0 and report.counts["Opportunity"]["skipped"] == 8


def test_a_field_edited_in_the_crm_is_a_conflict_and_not_overwritten(salesforce: Org) -> None:
    _synced(salesforce).push()
    salesforce.crm.put("Opportunity", "006A", **{TIER: "co-sell (per AE)"})
    salesforce.crm.delete("OpportunityPartner", "00KA")
    salesforce.sync()
    salesforce.attribute()
    report = salesforce.push()
    deal = salesforce.crm.records["Opportunity"]["006A"]
    assert deal[TIER] == "co-sell (per AE)"
    # The fields nobody edited follow the new attribution.
    assert deal.get(SOURCING) is None and deal.get(INVOLVED) is None
    assert report.counts["Opportunity"]["conflicts"] == 1
    assert any("006A.Partner_Attribution_Tier__c: conflict" in p for p in report.problems)


def test_a_locked_record_is_written_on_retry(salesforce: Org) -> None:
    _synced(salesforce)
    salesforce.crm.lock_once = {"006A"}
    report = salesforce.push()
    assert report.counts["Opportunity"]["failed"] == 0
    assert salesforce.crm.records["Opportunity"]["006A"][TIER] == "sourced"


def test_hubspot_push_uses_batch_update_and_lists_a_deleted_deal(hubspot: Org) -> None:
    _synced(hubspot)
    hubspot.crm.objects["deals"].pop("513")
    report = hubspot.push()
    assert hubspot.crm.objects["deals"]["512"]["properties"]["partner_attribution_tier"] == "direct"
    assert report.counts["deals"]["failed"] == 4
    assert any(p.startswith("513.") and "not found" in p for p in report.problems)
    assert [path for _, path in hubspot.server.requests].count("/crm/v3/objects/deals/batch/update") == 1
