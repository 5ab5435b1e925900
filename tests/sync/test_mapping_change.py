"""A mapping change tried with a dry run (read in full with the new file, nothing landed), then adopted: a new
mapping version makes the next sync read every object again (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerops.sync.errors import MappingInvalid
from partnerops.sync.mapping import default_mapping_path
from partnerops.sync.service import SyncOptions, run_sync
from sync.crm_kit import FAST, KEY, Org


def _deal_type_from_custom_field(tmp_path: Path) -> Path:
    """Version 2: a deal's type comes from the custom field Partner_Deal_Type__c instead of Type."""
    mapping: dict[str, Any] = yaml.safe_load(default_mapping_path("salesforce").read_text())
    mapping["version"] = 2
    deals = next(o for o in mapping["objects"] if o["kind"] == "opportunities")
    deals["fields"] = [f for f in deals["fields"] if f != "Type"] + ["Partner_Deal_Type__c"]
    deals["columns"] = {"deal_type": "Partner_Deal_Type__c"}
    path = tmp_path / "salesforce-v2.yaml"
    path.write_text(yaml.safe_dump(mapping))
    return path


def test_a_dry_run_with_a_new_mapping_shows_its_effect_and_changes_nothing(salesforce: Org, tmp_path: Path) -> None:
    salesforce.sync()
    salesforce.crm.put("Opportunity", "006A", Partner_Deal_Type__c="Renewal")
    salesforce.crm.put("Opportunity", "006B", Partner_Deal_Type__c="New Business")
    before, cursors = salesforce.rows("opportunities", "external_id", "deal_type"), salesforce.rows("sync_cursors")
    trial = _deal_type_from_custom_field(tmp_path)
    report = salesforce.sync(dry_run=True, mapping=trial)
    assert report.status == "dry_run", report.errors
    # Read in full: the deal whose type the new field changes would be updated, the other is as stored.
    assert (report.counts["opportunities"]["updated"], report.counts["opportunities"]["unchanged"]) == (1, 1)
    assert report.counts["accounts"]["unchanged"] == 2
    assert salesforce.rows("opportunities", "external_id", "deal_type") == before
    assert salesforce.rows("sync_cursors") == cursors


def test_a_new_mapping_version_is_read_in_full_once(salesforce: Org, tmp_path: Path) -> None:
    salesforce.sync()
    salesforce.crm.clock += timedelta(hours=2)
    salesforce.crm.put("Opportunity", "006A", Partner_Deal_Type__c="Renewal")
    salesforce.use_mapping(_deal_type_from_custom_field(tmp_path))
    adopted = salesforce.sync()
    assert adopted.status == "finished", adopted.errors
    assert "mapping version 1 -> 2: every object is read in full" in adopted.problems
    assert ("006A", "renewal") in salesforce.rows("opportunities", "external_id", "deal_type")
    settled = salesforce.sync()
    assert not any("mapping version" in line for line in settled.problems)
    # The first sync and the one after the new version read in full; the next reads from its cursors again.
    assert [full for _, full in salesforce.rows("sync_runs", "id", "full")] == [False, True, False]


def test_a_trial_mapping_without_a_dry_run_is_refused(salesforce: Org, tmp_path: Path) -> None:
    with pytest.raises(MappingInvalid, match="a mapping is tried with --dry-run"):
        run_sync(salesforce.engine, salesforce.name, KEY,
                 SyncOptions(retry=FAST, mapping=_deal_type_from_custom_field(tmp_path)))


def test_a_partner_field_whose_cursor_name_would_not_fit_is_refused_naming_it(tmp_path: Path) -> None:
    from partnerops.sync.mapping import load_mapping

    mapping: dict[str, Any] = yaml.safe_load(default_mapping_path("salesforce").read_text())
    mapping["objects"].append({"kind": "touches", "object": "Opportunity", "role": "Referral", "fields": ["Id"],
                               "partner_field": "A_Very_Long_Partner_Lookup_Field_Name_X__c"})
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(mapping))
    with pytest.raises(MappingInvalid, match=r"objects\[7\].partner_field: 'A_Very_Long_Partner_Lookup_Field_Name_X"):
        load_mapping(path)
