"""What HubSpot records need besides their own properties: owners' names for their owner ids, each changed deal's
stage history (the dealstage property's history, read in batch with the deals, since HubSpot keeps it on the
deal), and the deal each line item is on (its line_items-to-deals association)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnerops.sync.hubspot import HubSpotApi
from partnerops.sync.landing import Page
from partnerops.sync.mapping import PulledObject

OWNER = "hubspot_owner_id"
STAGE = "dealstage"
DEAL = "deal_id"
HISTORY_HEADER = ("opportunity_id", "stage", "changed_on")


@dataclass
class DealDetails:
    api: HubSpotApi
    _owners: dict[str, str] | None = field(default=None, repr=False)

    def name_owners(self, rows: list[dict[str, Any]]) -> None:
        """Each row's owner id replaced by the owner's name (read once per sync); an unknown id stays as it is."""
        if not any(row.get(OWNER) for row in rows):
            return
        if self._owners is None:
            self._owners = self.api.owners()
        for row in rows:
            owner = row.get(OWNER)
            if owner:
                row[OWNER] = self._owners.get(str(owner), owner)

    def stage_history(self, obj: PulledObject, deals: list[dict[str, Any]]) -> Page | None:
        """Every stage the deals entered and when, oldest first; None when the mapping does not ask for it."""
        if not obj.stage_history:
            return None
        ids = [str(d["hs_object_id"]) for d in deals]
        rows = [{"opportunity_id": deal, "stage": change.get("value"), "changed_on": change.get("timestamp")}
                for deal, changes in self.api.history(obj.object, ids, STAGE).items()
                for change in reversed(changes) if change.get("value")]
        return Page("stage_history", HISTORY_HEADER, rows) if rows else None

    def attach_deals(self, obj: PulledObject, items: list[dict[str, Any]]) -> None:
        """Each line item's deal id (a line item is on one deal); one on none keeps no deal and is quarantined."""
        links = self.api.associations(obj.object, "deals", [str(i["hs_object_id"]) for i in items])
        deal_of = {str(link["fromObjectId"]): str(link["toObjectId"]) for link in links}
        for item in items:
            item[DEAL] = deal_of.get(str(item["hs_object_id"]))
