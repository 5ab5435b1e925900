"""Dated exchange rates of a multi-currency CRM, landed as the import's `rates` (1 currency = rate quote currency)
exactly as the CRM states them, so amounts convert at the CRM's own rate of the day. Salesforce's
DatedConversionRate gives each currency per one unit of the corporate currency from StartDate; HubSpot's
exchange rates give one unit of an added currency in the company currency from effectiveAt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from partnerops.sync.batches import Batch
from partnerops.sync.errors import SyncError
from partnerops.sync.hubspot import HubSpotApi
from partnerops.sync.landing import Page
from partnerops.sync.mapping import PulledObject
from partnerops.sync.salesforce import SalesforceApi
from partnerops.sync.stamps import parse_stamp, soql_datetime

RATE_HEADER = ("currency", "quote_currency", "valid_on", "rate")
# DatedConversionRate's fields (Salesforce Object Reference); the object has no IsDeleted.
SALESFORCE_FIELDS = ("Id", "IsoCode", "ConversionRate", "StartDate", "SystemModstamp")
HUBSPOT_RATES = "/settings/v3/currencies/exchange-rates"


class NoCorporateCurrency(SyncError):
    def __init__(self) -> None:
        super().__init__("Salesforce CurrencyType: no currency is marked IsCorporate, so dated rates cannot be "
                         "read (is multi-currency enabled in the org?)")


def salesforce_rates(api: SalesforceApi, obj: PulledObject, since: datetime | None) -> Iterator[Batch]:
    """Pages of the org's dated rates changed since `since`, each as corporate currency -> IsoCode."""
    corporate = _corporate_currency(api)
    where = f" WHERE SystemModstamp >= {soql_datetime(since)}" if since is not None else ""
    soql = f"SELECT {', '.join(SALESFORCE_FIELDS)} FROM {obj.object}{where} ORDER BY SystemModstamp ASC, Id ASC"
    for records in api.query_all(soql):
        rows = [{"currency": corporate, "quote_currency": r["IsoCode"], "valid_on": r["StartDate"],
                 "rate": _decimal_text(r["ConversionRate"])} for r in records]
        if rows:
            yield Batch((Page("rates", RATE_HEADER, rows),), str(records[-1]["SystemModstamp"]))


def _corporate_currency(api: SalesforceApi) -> str:
    for records in api.query_all("SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true"):
        for record in records:
            return str(record["IsoCode"])
    raise NoCorporateCurrency()


def hubspot_rates(api: HubSpotApi, since: datetime | None) -> Iterator[Batch]:
    """The account's exchange rates updated since `since` (the list is short: read whole, filtered here)."""
    changed = [r for r in _hubspot_pages(api) if since is None or parse_stamp(str(r["updatedAt"])) >= since]
    changed.sort(key=lambda r: (parse_stamp(str(r["updatedAt"])), str(r["id"])))
    if changed:
        rows = [{"currency": r["fromCurrencyCode"], "quote_currency": r["toCurrencyCode"],
                 "valid_on": str(r["effectiveAt"])[:10], "rate": _decimal_text(r["conversionRate"])}
                for r in changed]
        yield Batch((Page("rates", RATE_HEADER, rows),), str(changed[-1]["updatedAt"]))


def _hubspot_pages(api: HubSpotApi) -> Iterator[dict[str, Any]]:
    params: dict[str, Any] = {"limit": 100}
    while True:
        body = api.http.call("GET", HUBSPOT_RATES, params=params).json()
        yield from body.get("results", [])
        after = (body.get("paging") or {}).get("next", {}).get("after")
        if not after:
            return
        params["after"] = after


def _decimal_text(value: Any) -> str:
    """A rate as plain decimal text: JSON numbers arrive as floats, whose shortest repr is the CRM's digits."""
    text = repr(value) if isinstance(value, float) else str(value)
    return format(Decimal(text), "f") if "e" in text.lower() else text
