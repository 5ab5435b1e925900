"""Reading HubSpot objects incrementally: search on hs_lastmodifieddate from the cursor, paged with `after`; since
one search answers at most 10,000 results, a long read restarts its search from the last stamp it saw (windowing).
A page of deals lands its deal-company associations first, then the deals, their partner touches and stage history;
line items carry their deal; owner ids are read as owners' names; archived records are found by the archived list."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from partnerops.sync.batches import Batch, StoredIds
from partnerops.sync.errors import SyncError
from partnerops.sync.exchange_rates import hubspot_rates
from partnerops.sync.hubspot import SEARCH_PAGE, HubSpotApi, record_row
from partnerops.sync.hubspot_deal_details import DEAL, DealDetails
from partnerops.sync.hubspot_partner_links import PartnerLinks
from partnerops.sync.landing import Page
from partnerops.sync.mapping import PulledObject
from partnerops.sync.stamps import epoch_ms, later, parse_stamp

STAMP = "hs_lastmodifieddate"
ASSOCIATION_HEADER = ("fromObjectId", "toObjectId", "typeId", "label")


class SearchWindowFull(SyncError):
    def __init__(self, obj: str, stamp: str, limit: int) -> None:
        super().__init__(f"HubSpot {obj}: more than {limit} records share the modification stamp {stamp}; "
                         "a search cannot page past them")


@dataclass
class HubSpotReader:
    api: HubSpotApi
    partner_links: PartnerLinks | None = None
    details: DealDetails | None = None
    fmt: str = "hubspot"

    def changed(self, obj: PulledObject, since: datetime | None) -> Iterator[Batch]:
        if obj.kind == "rates":
            yield from hubspot_rates(self.api, since)
            return
        header = _header(obj)
        start = epoch_ms(since) if since is not None else 0
        while True:
            last = yield from self._window(obj, header, start)
            if last is None:
                return
            restart = epoch_ms(parse_stamp(last))
            if restart <= start:
                raise SearchWindowFull(obj.object, last, self.api.search_limit)
            start = restart

    def _window(self, obj: PulledObject, header: tuple[str, ...], start: int) -> Generator[Batch, None, str | None]:
        """Pages of one search from `start`; returns the last stamp read when the search limit cut it short."""
        filters = [{"propertyName": STAMP, "operator": "GTE", "value": str(start)}, *obj.filters]
        after: str | None = None
        while True:
            body = self.api.search(obj.object, filters, list(header[:-1]), STAMP, after)
            rows = [record_row(r) for r in body.get("results", [])]
            if rows:
                yield self._batch(obj, header, rows)
            after = (body.get("paging") or {}).get("next", {}).get("after")
            if not after:
                return None
            if int(after) + SEARCH_PAGE > self.api.search_limit:
                return str(rows[-1].get(STAMP)) if rows else None

    def _batch(self, obj: PulledObject, header: tuple[str, ...], rows: list[dict[str, Any]]) -> Batch:
        """A page of records with what lands around it: a deal's company links before it, its touches and stage
        history after; a line item's deal id on it."""
        details = self.details
        if details is not None:
            details.name_owners(rows)
            if obj.associations == "deals":
                details.attach_deals(obj, rows)
        links, touches = self._associated(obj, rows) if obj.associations == "companies" else ((), None)
        history = details.stage_history(obj, rows) if details is not None else None
        after = [page for page in (touches, history) if page is not None]
        return Batch((*links, Page(obj.kind, header, rows, obj.columns), *after), rows[-1].get(STAMP))

    def _associated(self, obj: PulledObject, rows: list[dict[str, Any]]) -> tuple[tuple[Page, ...], Page | None]:
        """The deal-company associations of a page of deals, and the partner touches they make."""
        assert obj.associations is not None
        links = self.api.associations(obj.object, obj.associations, [str(r["hs_object_id"]) for r in rows])
        pages = [Page("deal_companies", ASSOCIATION_HEADER, links)] if links else []
        touches = self.partner_links.page(rows, links) if self.partner_links else None
        # The touches land after the deals they are on: the batch lands its pages in order, the deals last.
        return tuple(pages), touches

    def removed(self, obj: PulledObject, since: datetime, stored: StoredIds) -> Iterator[Batch]:
        if obj.kind == "rates":
            return  # a rate is replaced, never deleted, in PartnerOps
        header, newest = _header(obj), None
        for records in self.api.archived(obj.object, ["hs_object_id"]):
            recent = [r for r in records if _archived_since(r, since)]
            gone = sorted(stored(obj.kind, [str(r["id"]) for r in recent]))
            yield Batch((Page(obj.kind, header, [{"hs_object_id": i, "archived": True} for i in gone], obj.columns),),
                        None, len(recent) - len(gone))
            for record in recent:
                newest = later(newest, str(record["archivedAt"]) if record.get("archivedAt") else None)
        # The next read starts at the newest archiving HubSpot stamped (its clock, not this host's, which may differ
        # by more than the overlap); with none, the cursor stays where it is.
        yield Batch((), newest)


def _header(obj: PulledObject) -> tuple[str, ...]:
    deal = (DEAL,) if obj.associations == "deals" else ()
    return tuple(dict.fromkeys(("hs_object_id", *obj.fields, *deal, STAMP, "archived")))


def _archived_since(record: dict[str, Any], since: datetime) -> bool:
    archived_at = record.get("archivedAt")
    return archived_at is None or parse_stamp(str(archived_at)) >= since
