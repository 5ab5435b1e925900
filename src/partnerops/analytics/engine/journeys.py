"""The inputs of fractional credit as an Ibis expression: each closed deal's journey of counted touches by the
partners an attribution run gave a tier, up to the close, as `analytics.credit.deal_journeys` reads them from
the store; runnable on DuckDB or Spark when the touches outgrow one database."""

from __future__ import annotations

import ibis
import polars as pl

from partnerops.analytics.engine.backend import fetch, load
from partnerops.analytics.engine.tiers import live_rows
from partnerops.domain.enums import Outcome
from partnerops.domain.policy import AttributionPolicy

JOURNEY_COLUMNS = ("opportunity_id", "partner_id", "touched_on", "outcome", "amount_minor", "currency", "closed_on")


def journey_touches(
    touches: ibis.Table, opportunities: ibis.Table, results: ibis.Table, policy: AttributionPolicy
) -> ibis.Table:
    """id and JOURNEY_COLUMNS of every counted touch on a won or lost deal by a partner with a tier on it.

    `touches` needs id, opportunity_id, partner_id, touched_on, status; `opportunities` id, outcome, amount_minor,
    currency, closed_on; `results` the run's opportunity_id, partner_id. Rows marked deleted take no part.
    """
    deals = live_rows(opportunities)
    closed = deals.filter(deals.outcome.isin([Outcome.WON.value, Outcome.LOST.value])).select(
        deal_id=deals.id, outcome=deals.outcome, amount_minor=deals.amount_minor, currency=deals.currency,
        closed_on=deals.closed_on,
    )  # fmt: skip
    counted = live_rows(touches)
    counted = counted.filter(counted.status.isin([s.value for s in policy.counted_statuses]))
    tiered = results.select(tier_deal=results.opportunity_id, tier_partner=results.partner_id)
    joined = counted.join(closed, counted.opportunity_id == closed.deal_id).join(
        tiered, [counted.opportunity_id == tiered.tier_deal, counted.partner_id == tiered.tier_partner]
    )
    before_close = joined.touched_on < joined.closed_on
    if policy.window.include_close_date:
        before_close |= joined.touched_on == joined.closed_on
    return joined.filter(before_close).select("id", *JOURNEY_COLUMNS)


def fetch_journey_touches(
    backend: ibis.BaseBackend,
    touches: pl.DataFrame,
    opportunities: pl.DataFrame,
    results: pl.DataFrame,
    policy: AttributionPolicy,
) -> pl.DataFrame:
    """`journey_touches` over frames, run on `backend`: JOURNEY_COLUMNS by deal, then date, then touch id."""
    expression = journey_touches(
        load(backend, "credit_touches", touches),
        load(backend, "credit_opportunities", opportunities),
        load(backend, "credit_results", results),
        policy,
    )
    return fetch(backend, expression).sort("opportunity_id", "touched_on", "id").drop("id")
