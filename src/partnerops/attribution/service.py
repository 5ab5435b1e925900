"""Running attribution over the whole store with a policy, and what the run found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Engine, select

from partnerops.analytics.engine_choice import EngineName, engine_backend
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.analytics.tiers import attribution_tiers
from partnerops.attribution.policy_file import load_policy
from partnerops.attribution.results import save_run
from partnerops.domain.enums import TIER_RANK, Tier
from partnerops.domain.policy import AttributionPolicy
from partnerops.store.tables import opportunities, touches

if TYPE_CHECKING:
    import ibis


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    policy_version: str
    policy_digest: str
    opportunities: int
    attributions: int
    opportunities_by_tier: dict[Tier, int]


def run_attribution(
    engine: Engine,
    policy: AttributionPolicy | None = None,
    as_of: date | None = None,
    analytics_engine: EngineName | None = None,
) -> RunSummary:
    """Compute every partner's tier on every opportunity and store it under the policy's version. Deleted deals,
    accounts, partners and touches take no part: a deleted deal gets no result and is no open deal that would stop
    a referral from sourcing another; commission accrued on a deal that lost its result is withdrawn at the next
    accrual. Touches dated after `as_of` (default: today, UTC) or after an open deal's expected close do not
    count. The tiers are worked out by `analytics_engine` (default: the PARTNEROPS_ENGINE setting)."""
    policy = policy or load_policy()
    as_of = as_of or datetime.now(UTC).date()
    with engine.connect() as connection:
        opportunity_frame = read_frame(
            connection,
            select(
                opportunities.c.id,
                opportunities.c.account_id,
                opportunities.c.created_on,
                opportunities.c.closed_on,
                opportunities.c.expected_close_on,
            ).where(live_opportunity()),
        )
        touch_frame = read_frame(
            connection,
            select(
                touches.c.id,
                touches.c.partner_id,
                touches.c.opportunity_id,
                touches.c.type,
                touches.c.status,
                touches.c.touched_on,
            ).where(live_touch()),
        )
    results = _tiers(opportunity_frame, touch_frame, policy, as_of, engine_backend(analytics_engine))
    with engine.begin() as connection:
        run_id = save_run(connection, policy, results, opportunity_frame.height)
    return RunSummary(
        run_id=run_id,
        policy_version=policy.version,
        policy_digest=policy.digest,
        opportunities=opportunity_frame.height,
        attributions=results.height,
        opportunities_by_tier=_opportunities_by_tier(results, opportunity_frame.height),
    )


def _tiers(
    deals: pl.DataFrame,
    touched: pl.DataFrame,
    policy: AttributionPolicy,
    as_of: date,
    backend: ibis.BaseBackend | None,
) -> pl.DataFrame:
    if backend is None:
        return attribution_tiers(deals, touched, policy, as_of)
    from partnerops.analytics.engine.attribution import engine_tiers

    return engine_tiers(backend, deals, touched, policy, as_of)


def _opportunities_by_tier(results: pl.DataFrame, opportunity_count: int) -> dict[Tier, int]:
    """How many opportunities end up in each tier (the highest of their partners'); the rest are direct."""
    rank = pl.col("tier").replace_strict({t.value: r for t, r in TIER_RANK.items()}, return_dtype=pl.Int64)
    best = results.group_by("opportunity_id").agg(rank.max().alias("rank"))
    counts = dict(best.group_by("rank").len().iter_rows())
    by_tier: dict[Tier, int] = {tier: int(counts.get(TIER_RANK[tier], 0)) for tier in Tier if tier is not Tier.DIRECT}
    by_tier[Tier.DIRECT] = opportunity_count - best.height
    return by_tier
