"""A connection's setup check: sign in, then read one record of every mapped object with every mapped field, so
a wrong URL, a refused token, a missing field or one hidden by field-level security shows before the first sync."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from partnerops.sync.connections import load_connection
from partnerops.sync.errors import SyncError
from partnerops.sync.exchange_rates import hubspot_rates, salesforce_rates
from partnerops.sync.hubspot import HubSpotApi
from partnerops.sync.mapping import FieldMapping, PulledObject
from partnerops.sync.salesforce import SalesforceApi
from partnerops.sync.service import SyncOptions, connection_mapping, open_http


def check_live(engine: Engine, name: str, key: bytes, options: SyncOptions | None = None) -> list[str]:
    """One line per mapped object: `ok` or what the CRM answered. Raises SyncError when sign-in itself fails."""
    options = options or SyncOptions()
    connection = load_connection(engine, name, key)
    mapping = connection_mapping(connection)
    http = open_http(engine, connection, key, options)
    try:
        if connection.crm == "salesforce":
            return _lines(mapping, lambda obj: _salesforce(SalesforceApi(http), obj))
        return _lines(mapping, lambda obj: _hubspot(HubSpotApi(http), obj))
    finally:
        http.close()


def _lines(mapping: FieldMapping, read: Callable[[PulledObject], None]) -> list[str]:
    lines = []
    for obj in mapping.objects:
        try:
            read(obj)
        except SyncError as exc:
            lines.append(f"{obj.kind} ({obj.object}): {exc}")
        else:
            lines.append(f"{obj.kind} ({obj.object}): ok")
    return lines


def _salesforce(api: SalesforceApi, obj: PulledObject) -> None:
    if obj.kind == "rates":
        next(salesforce_rates(api, obj, datetime.now(UTC)), None)
        return
    where = f" WHERE {obj.where}" if obj.where else ""
    next(api.query_all(f"SELECT {', '.join(dict.fromkeys(('Id', *obj.fields)))} FROM {obj.object}{where} LIMIT 1"))


def _hubspot(api: HubSpotApi, obj: PulledObject) -> None:
    if obj.kind == "rates":
        next(hubspot_rates(api, datetime.now(UTC)), None)
        return
    api.search(obj.object, list(obj.filters), list(obj.fields), "hs_lastmodifieddate", None, limit=1)
