"""An attribution run's tiers computed by the Ibis engine, returned in the shape `analytics.tiers` returns them."""

from __future__ import annotations

from datetime import date

import ibis
import polars as pl

from partnerops.analytics.engine.backend import fetch, load
from partnerops.analytics.engine.tiers import ibis_tiers
from partnerops.analytics.tiers import TIER_COLUMNS, with_expected_close
from partnerops.domain.policy import AttributionPolicy


def engine_tiers(
    backend: ibis.BaseBackend,
    opportunities: pl.DataFrame,
    touches: pl.DataFrame,
    policy: AttributionPolicy,
    as_of: date | None = None,
) -> pl.DataFrame:
    """`analytics.tiers.attribution_tiers` on `backend`: the same rows, in the same order, with the same types."""
    deals = load(backend, "run_opportunities", with_expected_close(opportunities))
    touched = load(backend, "run_touches", touches.select(*_TOUCH_COLUMNS))
    result = fetch(backend, ibis_tiers(deals, touched, policy, as_of))
    if result.height == 0:
        return pl.DataFrame(schema=TIER_COLUMNS)
    return result.cast(TIER_COLUMNS).sort("opportunity_id", "partner_id")


_TOUCH_COLUMNS = ("id", "partner_id", "opportunity_id", "type", "status", "touched_on")
