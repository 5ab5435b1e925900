"""Reading Salesforce objects incrementally: SOQL on SystemModstamp from the cursor (queryAll, so deletions and
merges arrive with IsDeleted), Bulk API 2.0 above the mapping's threshold, and the deleted-records endpoint for
records purged from the recycle bin."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from partnerops.sync.batches import Batch, StoredIds
from partnerops.sync.exchange_rates import salesforce_rates
from partnerops.sync.landing import Page
from partnerops.sync.mapping import PulledObject
from partnerops.sync.partner_fields import HEADER as PARTNER_FIELD_HEADER
from partnerops.sync.partner_fields import partner_field_touches
from partnerops.sync.salesforce import SalesforceApi
from partnerops.sync.stamps import soql_datetime

STAMP = "SystemModstamp"
# The deleted-records endpoint answers for the last 15 days at most (REST API Developer Guide, sObject Get Deleted).
DELETED_DAYS = 15
# A record id as Salesforce writes it (15 or 18 letters and digits), safe to quote in SOQL; ids asked at once.
SALESFORCE_ID = re.compile(r"[A-Za-z0-9]{1,18}")
IDS_PER_QUERY = 200


@dataclass
class SalesforceReader:
    api: SalesforceApi
    bulk_threshold: int = 10_000
    # Which records PartnerOps holds (a cleared partner field deletes only a touch that is there).
    stored: StoredIds | None = None
    fmt: str = "salesforce"

    def changed(self, obj: PulledObject, since: datetime | None) -> Iterator[Batch]:
        if obj.kind == "rates":
            yield from salesforce_rates(self.api, obj, since)
            return
        header = _header(obj)
        soql = f"SELECT {', '.join(header)} FROM {obj.object}{_where(obj, since)} ORDER BY {STAMP} ASC, Id ASC"
        # The first REST page says how many records the read selects: above the threshold, Bulk API 2.0 reads them
        # (its first page unused); below, the read goes on. No COUNT() request spends the org's API allowance.
        first = self.api.start_query(soql)
        if self.bulk_threshold and int(first.get("totalSize") or 0) > self.bulk_threshold:
            yield from self._bulk(obj, soql, header)
            return
        for records in self.api.pages(first):
            if records:
                yield self._batch(obj, header, records)

    def _bulk(self, obj: PulledObject, soql: str, header: tuple[str, ...]) -> Iterator[Batch]:
        for text in self.api.bulk_query_all(soql):
            records = list(csv.DictReader(io.StringIO(text)))
            if records:
                yield self._batch(obj, header, records)

    def _batch(self, obj: PulledObject, header: tuple[str, ...], records: list[dict[str, Any]]) -> Batch:
        """A page of records; opportunities read for a partner field become the touches the field makes."""
        if obj.partner_field is None:
            return Batch((Page(obj.kind, header, records, obj.columns),), _latest(records))
        touches = partner_field_touches(obj, records, self.stored)
        return Batch((Page(obj.kind, PARTNER_FIELD_HEADER, touches),) if touches else (), _latest(records))

    def removed(self, obj: PulledObject, since: datetime, stored: StoredIds) -> Iterator[Batch]:
        if obj.kind == "rates":
            return  # a rate is replaced, never deleted, in PartnerOps
        if obj.partner_field is not None:
            yield from self._removed_deals(obj, since, stored)
            return
        end = datetime.now(UTC)
        start = max(since, end - timedelta(days=DELETED_DAYS) + timedelta(minutes=1))
        ids, covered = self.api.deleted_ids(obj.object, start, end)
        gone = sorted(set(stored(obj.kind, ids)) - self._live(obj, ids))
        # The next call starts at latestDateCovered: a deletion still in flight at `end` is reported after it.
        deleted = [{"Id": i, "IsDeleted": True} for i in gone]
        yield Batch((Page(obj.kind, _header(obj), deleted, obj.columns),), covered, len(set(ids)) - len(gone))


    def _removed_deals(self, obj: PulledObject, since: datetime, stored: StoredIds) -> Iterator[Batch]:
        """Purged opportunities take the touch their partner field made with them."""
        end = datetime.now(UTC)
        start = max(since, end - timedelta(days=DELETED_DAYS) + timedelta(minutes=1))
        ids, covered = self.api.deleted_ids(obj.object, start, end)
        live = self._live(obj, ids)
        keys = sorted(stored("touches", [f"{i}:{obj.partner_field}" for i in ids if i not in live]))
        page = Page(obj.kind, PARTNER_FIELD_HEADER, [{"Id": key, "IsDeleted": True} for key in keys])
        yield Batch((page,) if keys else (), covered)


    def _live(self, obj: PulledObject, ids: list[str]) -> set[str]:
        """Of the ids the deleted-records endpoint names, those the org holds live now: deleted, then undeleted
        from the recycle bin. The changed pages carry such a record; deleting it here would undo the undelete."""
        asked = sorted({i for i in ids if SALESFORCE_ID.fullmatch(i)})
        live: set[str] = set()
        for start in range(0, len(asked), IDS_PER_QUERY):
            quoted = ", ".join(f"'{i}'" for i in asked[start:start + IDS_PER_QUERY])
            for records in self.api.query_all(f"SELECT Id, IsDeleted FROM {obj.object} WHERE Id IN ({quoted})"):
                live |= {str(r["Id"]) for r in records if r.get("IsDeleted") in (False, "false")}
        return live


def _header(obj: PulledObject) -> tuple[str, ...]:
    wanted = ("Id", *obj.fields, "IsDeleted", STAMP)
    return tuple(dict.fromkeys(wanted))


def _where(obj: PulledObject, since: datetime | None) -> str:
    conditions = [f"({obj.where})"] if obj.where else []
    if since is not None:
        conditions.insert(0, f"{STAMP} >= {soql_datetime(since)}")
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _latest(records: Sequence[Mapping[str, Any]]) -> str | None:
    """The newest stamp of a page the query ordered by stamp: its last record's."""
    return str(records[-1].get(STAMP) or "") or None
