"""CRM links kept beside the records: HubSpot's deal-company associations and pipeline stages (a deals file
resolves its company and outcome through them), and the partial indexes that find records deleted at the source."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, UniqueConstraint

from partnerops.store.tables import _source_key, _timestamps, accounts, metadata, opportunities, partners, touches

# One row per (deal, company, association type): external_id is "deal:company:type". Both ids stay the CRM's own
# text, so the associations may be imported before or after the deals and companies they join.
deal_companies = Table(
    "deal_companies",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("deal_id", String(128), nullable=False),
    Column("company_id", String(128), nullable=False),
    # The association type id and label as exported (HubSpot: 5 "Deal with Primary Company", 341 unlabeled).
    Column("type_id", String(32)),
    Column("label", String(200)),
    # primary or associated: a deal without a company column takes its first primary company.
    Column("role", String(16), nullable=False),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_deal_companies_source_key"),
    Index("ix_deal_companies_deal", "source_system", "deal_id"),
)

# A pipeline stage, keyed by its stage id (unique across a HubSpot account's deal pipelines).
deal_stages = Table(
    "deal_stages",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("pipeline_id", String(128)),
    Column("label", String(200), nullable=False),
    # open, won or lost: from the stage's isClosed and probability (closed at 1.0 is won, closed at 0.0 lost).
    Column("outcome", String(8), nullable=False),
    # The stage's probability as exported (0.0 to 1.0), exact text.
    Column("probability", String(16)),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_deal_stages_source_key"),
)


def _deleted_index(table: Table) -> Index:
    """Only the records deleted at the source: an import asks cheaply whether any of its live rows reappear."""
    where = table.c.deleted_at.isnot(None)
    return Index(f"ix_{table.name}_deleted", table.c.source_system, table.c.external_id,
                 sqlite_where=where, postgresql_where=where)


DELETED_INDEXES = tuple(_deleted_index(t) for t in (partners, accounts, opportunities, touches))
