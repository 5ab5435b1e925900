"""Routing: what each partner can take (capabilities, regions, capacity), the leads being routed, the offers made
to partners with their response deadline, and partners' applications for leads."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)

from partnerops.store.tables import metadata

__all__ = ["routing_applications", "routing_leads", "routing_offers", "routing_profiles"]

# An offer still waiting for someone: proposed by an agent (a person confirms it) or offered (the partner answers).
OPEN_OFFER = text("status IN ('proposed', 'offered')")
ACCEPTED_OFFER = text("status = 'accepted'")

routing_profiles = Table(
    "routing_profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False),
    # Lower-case tags separated by ";", e.g. "implementation;security".
    Column("capabilities", Text),
    Column("regions", Text),
    # Open deals the partner can carry at once; None: the routing rules' default.
    Column("capacity", Integer),
    Column("updated_by", String(200)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("partner_id", name="uq_routing_profiles_partner_id"),
)

routing_leads = Table(
    "routing_leads",
    metadata,
    Column("id", Integer, primary_key=True),
    # "account:<id>" or "opportunity:<id>": one row per lead whatever it is, for the unique constraints.
    Column("lead_key", String(40), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), index=True),
    # The capabilities the lead needs, lower-case, separated by ";".
    Column("needs", Text),
    # Partners may apply for it in the portal.
    Column("open_for_applications", Boolean, nullable=False, server_default=false()),
    Column("created_by", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("lead_key", name="uq_routing_leads_lead_key"),
)

routing_offers = Table(
    "routing_offers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lead_id", Integer, ForeignKey("routing_leads.id"), nullable=False, index=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    # proposed -> offered -> accepted | declined | expired; withdrawn from proposed or offered. Changed only by a
    # conditional update on the status it was read with.
    Column("status", String(16), nullable=False),
    Column("offered_at", DateTime(timezone=True), nullable=False),
    Column("offered_by", String(200), nullable=False),
    # The response SLA: an offer still open after it expires.
    Column("respond_by", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", String(200)),
    Column("reason", Text),
    # One open offer per lead and partner, and at most one accepted offer per lead, whoever writes at once.
    Index("uq_routing_offers_open", "lead_id", "partner_id", unique=True, sqlite_where=OPEN_OFFER,
          postgresql_where=OPEN_OFFER),
    Index("uq_routing_offers_accepted", "lead_id", unique=True, sqlite_where=ACCEPTED_OFFER,
          postgresql_where=ACCEPTED_OFFER),
)

routing_applications = Table(
    "routing_applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lead_id", Integer, ForeignKey("routing_leads.id"), nullable=False, index=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    # applied -> offered (the lead was offered to the partner) | closed (another partner took the lead) | rejected
    # (a partner manager turned it down, with the reason the partner reads).
    Column("status", String(16), nullable=False, server_default="applied"),
    Column("note", Text),
    Column("applied_by", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("reason", Text),
    UniqueConstraint("lead_id", "partner_id", name="uq_routing_applications_lead_partner"),
)
