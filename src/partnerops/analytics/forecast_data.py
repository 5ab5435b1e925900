"""What the forecast reads from the store: every live deal with its tier, its partners, its stage history, and the
rates. A deleted deal (deleted_at set) is left out, and so is its history; so is a deleted history row."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, Engine, select

from partnerops.analytics.currency import load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.impact_data import deal_partners, deals, partner_directory, select_run
from partnerops.analytics.impact_model import RunInfo
from partnerops.store.attribution_runs import NoAttributionRun
from partnerops.store.history_tables import stage_history
from partnerops.store.tables import opportunities

_NO_PARTNERS = pl.DataFrame(schema={"opportunity_id": pl.Int64, "partner_id": pl.Int64, "partner_tier": pl.String})


@dataclass(frozen=True)
class ForecastInputs:
    """`deals`: id, amount_minor (None when unknown), currency, stage, outcome, dates, tier; `partners`: id,
    partner_id, name, type; `history`: id (the deal), stage, changed_on, seq (the order rows were stored in)."""

    run: RunInfo | None
    deals: pl.DataFrame
    partners: pl.DataFrame
    rates: pl.DataFrame
    history: pl.DataFrame


def read_inputs(engine: Engine, currency: str, policy_version: str | None) -> ForecastInputs:
    """The deals with their tier in the latest run (or the run of `policy_version`); without any run, all direct."""
    with engine.connect() as connection:
        run = _run(connection, policy_version)
        attributed = _NO_PARTNERS if run is None else deal_partners(connection, run.id)
        live = deals(connection, attributed).join(_deleted(connection), on="id", how="anti")
        partners = attributed.join(partner_directory(connection), on="partner_id").select(
            pl.col("opportunity_id").alias("id"), "partner_id", "name", "type"
        )
        history = _history(connection).join(live.select("id"), on="id", how="semi")
        return ForecastInputs(run, live, partners, load_rates(connection, currency), history)


def _deleted(connection: Connection) -> pl.DataFrame:
    o = opportunities.c
    return read_frame(connection, select(o.id).where(o.deleted_at.is_not(None)))


def _history(connection: Connection) -> pl.DataFrame:
    h = stage_history.c
    query = select(h.opportunity_id.label("id"), h.stage, h.changed_on, h.id.label("seq")).where(
        h.deleted_at.is_(None)
    )
    return read_frame(connection, query)


def _run(connection: Connection, policy_version: str | None) -> RunInfo | None:
    try:
        return select_run(connection, policy_version)
    except NoAttributionRun:
        if policy_version is not None:
            raise
        return None
