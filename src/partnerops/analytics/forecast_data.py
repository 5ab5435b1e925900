"""What the forecast reads from the store: every deal with its tier, its partners, and the rates."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, Engine

from partnerops.analytics.currency import load_rates
from partnerops.analytics.impact_data import deal_partners, deals, partner_directory, select_run
from partnerops.analytics.impact_model import RunInfo
from partnerops.store.attribution_runs import NoAttributionRun

_NO_PARTNERS = pl.DataFrame(schema={"opportunity_id": pl.Int64, "partner_id": pl.Int64, "partner_tier": pl.String})


@dataclass(frozen=True)
class ForecastInputs:
    """`deals`: id, amount_minor, currency, stage, outcome, dates, tier; `partners`: id, partner_id, name, type."""

    run: RunInfo | None
    deals: pl.DataFrame
    partners: pl.DataFrame
    rates: pl.DataFrame


def read_inputs(engine: Engine, currency: str, policy_version: str | None) -> ForecastInputs:
    """The deals with their tier in the latest run (or the run of `policy_version`); without any run, all direct."""
    with engine.connect() as connection:
        run = _run(connection, policy_version)
        attributed = _NO_PARTNERS if run is None else deal_partners(connection, run.id)
        partners = attributed.join(partner_directory(connection), on="partner_id").select(
            pl.col("opportunity_id").alias("id"), "partner_id", "name", "type"
        )
        return ForecastInputs(run, deals(connection, attributed), partners, load_rates(connection, currency))


def _run(connection: Connection, policy_version: str | None) -> RunInfo | None:
    try:
        return select_run(connection, policy_version)
    except NoAttributionRun:
        if policy_version is not None:
            raise
        return None
