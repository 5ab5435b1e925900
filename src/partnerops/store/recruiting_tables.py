"""Recruiting: candidate partners (imported companies) with their lifecycle status, and their customer lists."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint, func

from partnerops.store.tables import metadata

__all__ = ["candidate_customers", "recruiting_candidates"]

recruiting_candidates = Table(
    "recruiting_candidates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_system", String(32), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("name", String(200), nullable=False),
    Column("domain", String(253)),
    Column("segment", String(64)),
    Column("region", String(64)),
    Column("type", String(32), nullable=False),
    # candidate -> contacted -> recruited | declined; changed only by a conditional update on the old status.
    Column("status", String(16), nullable=False, server_default="candidate"),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_recruiting_candidates_source_key"),
)

candidate_customers = Table(
    "candidate_customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_system", String(32), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("candidate_id", Integer, ForeignKey("recruiting_candidates.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("domain", String(253)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_candidate_customers_source_key"),
)
