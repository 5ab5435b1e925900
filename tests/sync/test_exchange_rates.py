"""Dated exchange rates pulled from a multi-currency CRM land as PartnerOps rates, exactly as the CRM states them,
and a rate corrected in the CRM is corrected here on the next sync (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import yaml

from partnerops.sync.mapping import default_mapping_path
from sync.crm_kit import Org


def _with_rates(org: Org, tmp_path: Path, obj: str, fields: list[str]) -> None:
    mapping = yaml.safe_load(default_mapping_path(org.name).read_text())
    mapping["objects"].append({"kind": "rates", "object": obj, "fields": fields})
    path = tmp_path / f"{org.name}.yaml"
    path.write_text(yaml.safe_dump(mapping))
    org.use_mapping(path)


def test_salesforce_dated_rates_land_per_corporate_currency_and_follow_a_correction(salesforce: Org,
                                                                                    tmp_path: Path) -> None:
    _with_rates(salesforce, tmp_path, "DatedConversionRate", ["IsoCode", "ConversionRate", "StartDate"])
    salesforce.crm.put("CurrencyType", "01L1", IsoCode="USD", IsCorporate=True)
    salesforce.crm.put("CurrencyType", "01L2", IsoCode="EUR", IsCorporate=False)
    salesforce.crm.put("DatedConversionRate", "04w1", IsoCode="EUR", ConversionRate=0.921659, StartDate="2026-01-01")
    salesforce.crm.put("DatedConversionRate", "04w2", IsoCode="EUR", ConversionRate=0.9102, StartDate="2026-04-01")
    report = salesforce.sync()
    assert report.status == "finished", report.errors
    assert report.counts["rates"]["inserted"] == 2
    assert salesforce.rows("currency_rates", "currency", "quote_currency", "rate") == [
        ("USD", "EUR", "0.9102"), ("USD", "EUR", "0.921659")]
    salesforce.crm.put("DatedConversionRate", "04w2", ConversionRate=0.9113)
    again = salesforce.sync()
    assert again.counts["rates"]["updated"] == 1 and again.counts["rates"].get("inserted", 0) == 0
    assert ("USD", "EUR", "0.9113") in salesforce.rows("currency_rates", "currency", "quote_currency", "rate")


def test_an_org_without_a_corporate_currency_fails_the_run_saying_so(salesforce: Org, tmp_path: Path) -> None:
    _with_rates(salesforce, tmp_path, "DatedConversionRate", ["IsoCode", "ConversionRate", "StartDate"])
    report = salesforce.sync()
    assert report.status == "failed"
    assert "no currency is marked IsCorporate" in report.errors[0]


def test_hubspot_exchange_rates_land_into_the_company_currency(hubspot: Org, tmp_path: Path) -> None:
    _with_rates(hubspot, tmp_path, "exchange-rates", ["fromCurrencyCode", "conversionRate", "effectiveAt"])
    hubspot.crm.set_rate("EUR", 1.085, "2026-01-01T00:00:00Z")
    hubspot.crm.set_rate("GBP", 1.27, "2026-01-01T00:00:00Z")
    report = hubspot.sync()
    assert report.status == "finished", report.errors
    assert hubspot.rows("currency_rates", "currency", "quote_currency", "rate") == [
        ("EUR", "USD", "1.085"), ("GBP", "USD", "1.27")]
    hubspot.crm.set_rate("EUR", 1.09, "2026-01-01T00:00:00Z")
    again = hubspot.sync()
    assert again.counts["rates"]["updated"] == 1
    assert ("EUR", "USD", "1.09") in hubspot.rows("currency_rates", "currency", "quote_currency", "rate")
