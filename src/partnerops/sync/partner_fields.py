"""A partner named on the opportunity itself: a custom lookup such as `Partner__c` read as that partner's touch on
the deal, typed by the mapping's `role` (through the import's roles, as an OpportunityPartner role is). The touch
is keyed `<opportunity id>:<field>`, so one deal holds one touch per such field; clearing the field, or deleting
the deal, deletes the touch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from partnerops.ingest.flags import TRUE_WORDS
from partnerops.sync.batches import StoredIds
from partnerops.sync.mapping import PulledObject

HEADER = ("Id", "OpportunityId", "AccountToId", "Role", "CreatedDate", "IsDeleted")


def partner_field_touches(obj: PulledObject, records: Sequence[Mapping[str, Any]],
                          stored: StoredIds | None) -> list[dict[str, Any]]:
    """The touch each opportunity's partner field makes, and deletions of stored ones whose field was cleared."""
    assert obj.partner_field is not None
    live, cleared = [], []
    for record in records:
        key = f"{record['Id']}:{obj.partner_field}"
        partner = record.get(obj.partner_field)
        if partner and str(record.get("IsDeleted")).strip().lower() not in TRUE_WORDS:
            live.append({"Id": key, "OpportunityId": record["Id"], "AccountToId": partner, "Role": obj.role,
                         "CreatedDate": record.get("CreatedDate"), "IsDeleted": False})
        else:
            cleared.append(key)
    held = stored("touches", cleared) if stored is not None and cleared else set()
    return live + [{"Id": key, "IsDeleted": True} for key in sorted(held)]
