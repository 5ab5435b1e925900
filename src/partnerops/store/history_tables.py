"""Deal history beside the opportunity: every stage a deal passed through (the forecast learns stage-by-stage
probabilities from it) and the products (line items) it holds."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, UniqueConstraint

from partnerops.store.tables import _deleted, _source_key, _timestamps, metadata

stage_history = Table(
    "stage_history",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False),
    Column("stage", String(100), nullable=False),
    # When the deal entered the stage.
    Column("changed_on", Date, nullable=False),
    Column("amount_minor", BigInteger),
    Column("currency", String(3)),
    Column("expected_close_on", Date),
    # The CRM's probability for the stage, in percent, when the export carries it.
    Column("probability", Numeric(5, 2)),
    # Salesforce's forecast category at the change (Pipeline, BestCase, Commit, Closed, Omitted).
    Column("forecast_category", String(40)),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_stage_history_source_key"),
    Index("ix_stage_history_opportunity", "opportunity_id", "changed_on"),
)

line_items = Table(
    "line_items",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False, index=True),
    Column("product", String(200), nullable=False),
    Column("product_code", String(100)),
    # The CRM's product record (Salesforce Product2Id, HubSpot hs_product_id), when the export carries it.
    Column("product_id", String(128)),
    # Exact decimal text, as exchange rates are kept: a quantity may have decimals (2.5 licences, hours).
    Column("quantity", String(40)),
    # Price of one unit, in minor units of `currency` (as amount_minor is).
    Column("unit_price", BigInteger),
    Column("amount_minor", BigInteger),
    Column("currency", String(3)),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_line_items_source_key"),
)
