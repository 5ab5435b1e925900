"""What the impact report reads from the store: the attribution run, deals with their tier, partners, products.
Only records that count are read: deleted deals, accounts, partners and touches are left out (`analytics.live`)."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.frames import read_frame
from partnerops.analytics.impact_model import RunInfo
from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.domain.enums import TIER_RANK, Tier
from partnerops.store.attribution_runs import find_run
from partnerops.store.history_tables import line_items
from partnerops.store.tables import accounts, attribution_results, opportunities, partners


def select_run(connection: Connection, policy_version: str | None) -> RunInfo:
    """The latest run, or the latest run of `policy_version` when one is given."""
    run = find_run(connection, policy_version)
    return RunInfo(run.id, run.policy_version, run.policy_digest, run.ran_at)


def deal_partners(connection: Connection, run_id: int) -> pl.DataFrame:
    """One row per (opportunity, partner) the run attributed: opportunity_id, partner_id, partner_tier. A run made
    before a deal or partner was deleted still holds its rows; they are left out here."""
    results = attribution_results.c
    query = (
        select(results.opportunity_id, results.partner_id, results.tier.label("partner_tier"))
        .join(opportunities, opportunities.c.id == results.opportunity_id)
        .join(partners, partners.c.id == results.partner_id)
        .where(results.run_id == run_id, live_opportunity(), live_partner())
    )
    return read_frame(connection, query)


def deals(connection: Connection, attributed: pl.DataFrame) -> pl.DataFrame:
    """Every live opportunity with its owner, owner team, deal type, its account's segment and region and its tier
    in the run: the highest of its partners' tiers, else direct. amount_minor is None where it is unknown."""
    ranks = pl.DataFrame(
        {"partner_tier": [t.value for t in TIER_RANK], "rank": list(TIER_RANK.values())},
        schema={"partner_tier": pl.String, "rank": pl.Int64},
    )
    tiers = (
        attributed.join(ranks, on="partner_tier", how="left")
        .sort("rank", descending=True)
        .group_by("opportunity_id")
        .agg(pl.col("partner_tier").first().alias("tier"))
        .rename({"opportunity_id": "id"})
    )
    o, a = opportunities.c, accounts.c
    query = select(
        o.id, o.amount_minor, o.currency, o.stage, o.outcome, o.created_on, o.closed_on, o.expected_close_on,
        o.owner, o.owner_team, o.deal_type, a.segment, a.region,
    ).select_from(opportunities.outerjoin(accounts, a.id == o.account_id)).where(live_opportunity())  # fmt: skip
    return (
        read_frame(connection, query)
        .join(tiers, on="id", how="left")
        .with_columns(pl.col("tier").fill_null(Tier.DIRECT.value))
    )


def partner_directory(connection: Connection) -> pl.DataFrame:
    """Every live partner: partner_id, name, type, joined_on."""
    p = partners.c
    query = select(p.id.label("partner_id"), p.name, p.type, p.joined_on).where(live_partner())
    return read_frame(connection, query)


def deal_products(connection: Connection) -> pl.DataFrame:
    """The products each live deal holds, once each: id (the deal), product (from its line items)."""
    li = line_items.c
    query = (
        select(li.opportunity_id.label("id"), li.product)
        .join(opportunities, opportunities.c.id == li.opportunity_id)
        .where(live_opportunity())
        .distinct()
    )
    return read_frame(connection, query)
