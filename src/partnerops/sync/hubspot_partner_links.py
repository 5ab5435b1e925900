"""HubSpot partner links: a deal associated with a partner company under a label ("Reseller", "Referral partner")
is that partner's touch on the deal, typed from the label as the import types Salesforce OpportunityPartner roles
(plus the mapping's `roles:`). An association removed since the last read deletes its touch. Unlabelled
associations say nothing of the partner's role and are left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partnerops.ingest.outcomes import stage_key
from partnerops.ingest.salesforce import DEFAULT_ROLES
from partnerops.sync.landing import Page

HEADER = ("id", "opportunity_id", "partner_id", "type", "touched_on", "evidence", "is_deleted")
# The stored partner companies among the given ids; the live touches this connection stored on the given deals.
PartnerIds = Callable[[list[str]], set[str]]
StoredTouches = Callable[[list[str]], set[str]]


@dataclass(frozen=True)
class PartnerLinks:
    partner_ids: PartnerIds
    stored_touches: StoredTouches
    roles: dict[str, str]

    def page(self, deals: list[dict[str, Any]], links: list[dict[str, Any]]) -> Page | None:
        """The touches the deals' labelled partner associations make, and deletions of those no longer there."""
        partners = self.partner_ids(sorted({str(link["toObjectId"]) for link in links}))
        created = {str(d["hs_object_id"]): d.get("createdate") for d in deals}
        current = [self._touch(link, created) for link in links
                   if str(link["toObjectId"]) in partners and link.get("label")]
        keys = {row["id"] for row in current}
        gone = [{"id": key, "is_deleted": "true"} for key in sorted(self.stored_touches(sorted(created)) - keys)]
        rows = current + gone
        return Page("touches", HEADER, rows) if rows else None

    def _touch(self, link: dict[str, Any], created: dict[str, Any]) -> dict[str, Any]:
        deal, company, label = str(link["fromObjectId"]), str(link["toObjectId"]), str(link["label"])
        table = DEFAULT_ROLES | {stage_key(k): v for k, v in self.roles.items()}
        return {"id": f"{deal}:{company}:{link['typeId']}", "opportunity_id": deal, "partner_id": company,
                "type": table.get(stage_key(label), label), "touched_on": created.get(deal),
                "evidence": f"HubSpot deal association labelled {label!r}", "is_deleted": "false"}
