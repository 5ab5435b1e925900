"""What the impact report reads from the store: the attribution run, deals with their tier, partners."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.frames import read_frame
from partnerops.analytics.impact_model import RunInfo
from partnerops.domain.enums import TIER_RANK, Tier
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import accounts, attribution_results, opportunities, partners


def select_run(connection: Connection, policy_version: str | None) -> RunInfo:
    """The latest run, or the latest run of `policy_version` when one is given."""
    run = find_run(connection, policy_version)
    return RunInfo(run.id, run.policy_version, run.policy_digest, run.ran_at)


def deal_partners(connection: Connection, run_id: int) -> pl.DataFrame:
    """One row per (opportunity, partner) the run attributed: opportunity_id, partner_id, partner_tier."""
    results = attribution_results.c
    query = select(results.opportunity_id, results.partner_id, results.tier.label("partner_tier")).where(
        results.run_id == run_id
    )
    return read_frame(connection, query)


def deals(connection: Connection, attributed: pl.DataFrame) -> pl.DataFrame:
    """Every opportunity with its account's segment and region and its tier in the run: the highest of its
    partners' tiers, else direct."""
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
        a.segment, a.region,
    ).select_from(opportunities.outerjoin(accounts, a.id == o.account_id))  # fmt: skip
    return (
        read_frame(connection, query)
        .join(tiers, on="id", how="left")
        .with_columns(pl.col("tier").fill_null(Tier.DIRECT.value))
    )


def partner_directory(connection: Connection) -> pl.DataFrame:
    """Every partner: partner_id, name, type, joined_on."""
    p = partners.c
    query = select(p.id.label("partner_id"), p.name, p.type, p.joined_on)
    return read_frame(connection, query)
