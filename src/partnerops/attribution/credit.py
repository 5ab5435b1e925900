"""Fractional credit of won deals among their partners, per partner, partner type or period, under one or
several credit models, in one reporting currency. Every deal's credits sum exactly to its amount there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
import polars as pl
from sqlalchemy import Engine, select

from partnerops.analytics.credit.deal_credit import deal_credits
from partnerops.analytics.credit.deal_journeys import as_journeys, journey_touches
from partnerops.analytics.credit.models import CreditModel, CreditSettings
from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_partner
from partnerops.domain.money import Money, minor_digits
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import partners


class CreditGrouping(StrEnum):
    PARTNER = "partner"
    TYPE = "type"
    PERIOD = "period"


@dataclass(frozen=True)
class CreditOptions:
    models: tuple[CreditModel, ...] = (CreditModel.LINEAR,)
    grouping: CreditGrouping = CreditGrouping.PARTNER
    currency: str = "USD"
    policy_version: str | None = None
    settings: CreditSettings = field(default_factory=CreditSettings)


@dataclass(frozen=True)
class CreditRow:
    group: str
    credits: dict[CreditModel, Money]


@dataclass(frozen=True)
class CreditSummary:
    currency: str
    grouping: CreditGrouping
    models: tuple[CreditModel, ...]
    policy_version: str
    deals: int
    won_amount: Money
    rows: list[CreditRow]


def credit_summary(engine: Engine, options: CreditOptions) -> CreditSummary:
    """Credits of every won, partner-attached deal, grouped, one column per model."""
    credits, run_version, deals, won = deal_credit_frame(engine, options)
    labelled = _grouped(credits, options.grouping)
    rows = [
        CreditRow(group, {m: Money.from_minor(int(row[m.value]), options.currency) for m in options.models})
        for group, row in ((row["group"], row) for row in labelled.iter_rows(named=True))
    ]
    return CreditSummary(
        options.currency,
        options.grouping,
        options.models,
        run_version,
        deals,
        Money.from_minor(won, options.currency),
        rows,
    )


def deal_credit_frame(engine: Engine, options: CreditOptions) -> tuple[pl.DataFrame, str, int, int]:
    """Per (deal, partner): its credit under each model (a column per model, minor units of the reporting
    currency) with the partner's name and type and the deal's close date; the run's policy version; the
    number of won deals credited and their total amount."""
    minor_digits(options.currency)  # an unknown currency fails before any work
    with engine.connect() as connection:
        run = find_run(connection, options.policy_version)
        touched = journey_touches(connection, run)
        rates = load_rates(connection, options.currency)
        p = partners.c
        directory = read_frame(connection, select(p.id.label("partner_id"), p.name, p.type).where(live_partner()))
    journeys, deals = as_journeys(touched)
    if deals.height:
        converted = convert(deals.with_columns(rate_on=pl.col("closed_on")), rates, options.currency)
        # The split relies on the deals' order (one row per journey path): convert() may reorder its rows.
        amounts = converted.select("opportunity_id", amount_minor=pl.col("value_minor"))
        deals = deals.drop("amount_minor").join(amounts, on="opportunity_id", how="left", maintain_order="left")
        # Conversion values in the reporting currency too, for the models that weigh them.
        won_amounts = deals["amount_minor"].fill_null(0).to_numpy() * (deals["outcome"] == "won").to_numpy()
        journeys = replace(journeys, values=won_amounts.astype(np.float64))
    frames = [
        deal_credits(journeys, deals, model, options.settings).rename({"credit_minor": model.value})
        for model in options.models
    ]
    credits = _joined(frames).join(directory, on="partner_id", how="left")
    credits = credits.join(deals.select("opportunity_id", "closed_on"), on="opportunity_id", how="left")
    won = deals.filter((pl.col("outcome") == "won") & pl.col("amount_minor").is_not_null())
    return credits, run.policy_version, won.height, int(won["amount_minor"].sum())


def _joined(frames: list[pl.DataFrame]) -> pl.DataFrame:
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.join(frame, on=["opportunity_id", "partner_id"], how="full", coalesce=True)
    return joined.fill_null(0)


def _grouped(credits: pl.DataFrame, grouping: CreditGrouping) -> pl.DataFrame:
    label = {
        CreditGrouping.PARTNER: pl.col("name"),
        CreditGrouping.TYPE: pl.col("type"),
        CreditGrouping.PERIOD: pl.format("{}-Q{}", pl.col("closed_on").dt.year(), pl.col("closed_on").dt.quarter()),
    }[grouping]
    models = [c for c in credits.columns if c in {m.value for m in CreditModel}]
    grouped = credits.with_columns(group=label).group_by("group").agg(pl.col(models).sum())
    return (
        grouped.sort("group")
        if grouping is CreditGrouping.PERIOD
        else grouped.sort(models[0], "group", descending=[True, False])
    )

