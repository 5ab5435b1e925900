"""Commission disputes as lists: every partner's on the commissions page (open ones by default, for staff to
resolve) and one partner's own in the portal, each searchable by claim, evidence, resolution, partner and the
disputed line, filtered by status, sorted, paged and exported."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from partnerops.commissions.disputes import DisputeStatus
from partnerops.store.commission_tables import commission_disputes, commission_entries
from partnerops.store.tables import partners
from partnerops.web.listing import Column, Filter, ListSpec

__all__ = ["DISPUTES", "MY_DISPUTES", "dispute_list", "own_dispute_list"]

_STATUSES = tuple(s.value for s in DisputeStatus)
_EXPORTED = (Column("id", "Dispute"), Column("entry_id", "Line"), Column("line_booked_on", "Line date"),
             Column("line", "Line memo"), Column("line_reason", "Line reason"), Column("status", "Status"),
             Column("claim", "Claim"), Column("evidence", "Evidence"), Column("opened_by", "Opened by"),
             Column("opened_at", "Opened"), Column("resolution", "Resolution"), Column("resolved_by", "Resolved by"),
             Column("resolved_at", "Resolved"), Column("adjustment_entry_id", "Adjustment line"))  # fmt: skip
DISPUTES = ListSpec(
    noun="disputes",
    columns=(Column("id", "Dispute"), Column("partner", "Partner"), Column("entry_id", "Line"),
             Column("claim", "Claim"), Column("evidence", "Evidence", sortable=False), Column("status", "Status"),
             Column("opened_at", "Opened")),
    default_sort="-id",
    search=("claim", "evidence", "resolution", "partner", "line", "line_reason"),
    filters=(Filter("status", "Status", _STATUSES, default=DisputeStatus.OPEN.value),),
    exported=(_EXPORTED[0], Column("partner", "Partner"), Column("partner_ref", "Partner id"), *_EXPORTED[1:]),
    prefix="disputes_",
)  # fmt: skip
MY_DISPUTES = ListSpec(
    noun="disputes",
    columns=(Column("id", "Dispute"), Column("entry_id", "Line"), Column("status", "Status"),
             Column("claim", "Claim"), Column("resolution", "Resolution"), Column("opened_at", "Opened")),
    default_sort="-id",
    search=("claim", "evidence", "resolution", "line", "line_reason"),
    filters=(Filter("status", "Status", _STATUSES),),
    exported=_EXPORTED,
    prefix="disputes_",
)  # fmt: skip


def dispute_list() -> Select[Any]:
    """Every partner's disputes with the partner named and the disputed line's memo and date (for commission
    staff: the route checks the role)."""
    d, e = commission_disputes.c, commission_entries.c
    return (
        select(d.id, d.partner_id, d.entry_id, d.status, d.claim, d.evidence, d.opened_by, d.opened_at, d.resolution,
               d.resolved_by, d.resolved_at, d.adjustment_entry_id, e.memo.label("line"),
               e.reason.label("line_reason"), e.booked_on.label("line_booked_on"), partners.c.name.label("partner"),
               partners.c.external_id.label("partner_ref"))
        .join(partners, partners.c.id == d.partner_id)
        .join(commission_entries, e.id == d.entry_id)
    )  # fmt: skip


def own_dispute_list(partner_id: int) -> Select[Any]:
    """The disputes of partner `partner_id` alone: the scope is in the query, so every search, filter, page and
    export of the list stays within it."""
    d, e = commission_disputes.c, commission_entries.c
    return dispute_list().where(d.partner_id == partner_id, e.partner_id == partner_id)
