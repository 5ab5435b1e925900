"""Offers of leads to partners, read as users see them: the lead and the partner by their external ids and names,
the status, who offered it when, the response deadline and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Select, select

from partnerops.routing.leads import LeadKind
from partnerops.store.routing_tables import routing_leads, routing_offers
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["Offer", "as_utc", "list_offers"]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Offer:
    """One offer; `id`, `lead_id` and `partner_id` are for queries only and never shown."""

    id: int
    lead_id: int
    partner_id: int
    lead_kind: LeadKind
    lead_ref: str
    lead_name: str
    region: str | None
    partner_ref: str
    partner_name: str
    status: str
    offered_at: datetime
    offered_by: str
    respond_by: datetime
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None

    @property
    def lead_label(self) -> str:
        return f"{self.lead_kind} {self.lead_name} ({self.lead_ref})"


def _query() -> Select[tuple[object, ...]]:
    f, r, a, o, p = routing_offers.c, routing_leads.c, accounts.c, opportunities.c, partners.c
    return (select(f.id, f.lead_id, f.partner_id, r.opportunity_id, a.external_id.label("account_ref"),
                   a.name.label("account_name"), o.external_id.label("deal_ref"), o.name.label("deal_name"), a.region,
                   p.external_id.label("partner_ref"), p.name.label("partner_name"), f.status, f.offered_at,
                   f.offered_by, f.respond_by, f.decided_at, f.decided_by, f.reason)
            .join_from(routing_offers, routing_leads, r.id == f.lead_id).join(accounts, a.id == r.account_id)
            .outerjoin(opportunities, o.id == r.opportunity_id).join(partners, p.id == f.partner_id))  # fmt: skip


def list_offers(conn: Connection, *, partner_id: int | None = None, lead_id: int | None = None,
                statuses: tuple[str, ...] = ()) -> list[Offer]:  # fmt: skip
    """Offers, newest first, narrowed to a partner, a lead and statuses when given."""
    f = routing_offers.c
    query = _query()
    if partner_id is not None:
        query = query.where(f.partner_id == partner_id)
    if lead_id is not None:
        query = query.where(f.lead_id == lead_id)
    if statuses:
        query = query.where(f.status.in_(statuses))
    return [_offer(row) for row in conn.execute(query.order_by(f.offered_at.desc(), f.id.desc()))]


def _offer(row: object) -> Offer:
    m = row._mapping  # type: ignore[attr-defined]
    deal = m["opportunity_id"] is not None
    return Offer(int(m["id"]), int(m["lead_id"]), int(m["partner_id"]), "deal" if deal else "account",
                 m["deal_ref"] if deal else m["account_ref"], m["deal_name"] if deal else m["account_name"],
                 m["region"], m["partner_ref"], m["partner_name"], m["status"], as_utc(m["offered_at"]),
                 m["offered_by"], as_utc(m["respond_by"]), as_utc(m["decided_at"]) if m["decided_at"] else None,
                 m["decided_by"], m["reason"])  # fmt: skip
