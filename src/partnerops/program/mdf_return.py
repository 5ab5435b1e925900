"""MDF return: the pipeline and won revenue attributed to a partner's funded activities, per MDF dollar.

An approved request's activity window runs from its start to its end plus `mdf.return_lag_days`. Its deals are
the opportunities the partner is attributed on (latest attribution run) created inside that window.
Pipeline: each deal's amount split equally among the partners attributed on it. Won: the partner's fractional
credit of the won ones (a credit model, linear by default). Spend: the claims filed (not rejected) or, before
any claim, the approved budget. Everything is in the reporting currency (deals at their creation or close
date's rate, spend at the activity's end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, func, select

from partnerops.analytics.credit.models import CreditModel
from partnerops.analytics.credit.rounding import split_minor
from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity
from partnerops.attribution.credit import CreditOptions, deal_credit_frame
from partnerops.domain.money import Money
from partnerops.program.mdf_model import LIVE_CLAIMS, RequestStatus
from partnerops.program.program_settings import ProgramSettings, load_program_settings
from partnerops.store.attribution_runs import find_run
from partnerops.store.program_tables import mdf_claims, mdf_requests
from partnerops.store.tables import attribution_results, opportunities


@dataclass(frozen=True)
class MdfReturn:
    request_id: int
    partner_id: int
    title: str
    window: tuple[date, date]
    spend: Money
    spend_basis: str
    deals: int
    pipeline: Money
    won: Money

    @property
    def pipeline_per_dollar(self) -> Decimal | None:
        return _per(self.pipeline, self.spend)

    @property
    def won_per_dollar(self) -> Decimal | None:
        return _per(self.won, self.spend)


def _per(value: Money, spend: Money) -> Decimal | None:
    return None if spend.amount == 0 else (value.amount / spend.amount).quantize(Decimal("0.01"))


def mdf_returns(
    engine: Engine, currency: str, partner_id: int | None = None, model: CreditModel = CreditModel.LINEAR,
    settings: ProgramSettings | None = None,
) -> list[MdfReturn]:  # fmt: skip
    """The return of every approved request (of one partner when given), oldest activity first."""
    lag = (settings or load_program_settings()).mdf.return_lag_days
    with engine.connect() as conn:
        requests = _approved_requests(conn, partner_id, lag)
        if requests.height == 0:
            return []
        rates = load_rates(conn, currency)
        spend = _spend(conn, requests, rates, currency)
        deals = _partner_deals(conn, rates, currency)
    credits = deal_credit_frame(engine, CreditOptions(models=(model,), currency=currency))[0]
    won = credits.select("opportunity_id", "partner_id", won_minor=pl.col(model.value))
    windows = requests.join(deals, on="partner_id", how="inner").filter(
        pl.col("created_on").is_between(pl.col("starts_on"), pl.col("window_ends_on"))
    ).join(won, on=["opportunity_id", "partner_id"], how="left")
    per_request = windows.group_by("request_id").agg(
        pl.len().alias("deals"), pl.col("pipeline_minor").sum(), pl.col("won_minor").fill_null(0).sum()
    )
    table = requests.join(spend, on="request_id", how="left").join(per_request, on="request_id", how="left")
    return [_as_return(row, currency) for row in table.sort("starts_on", "request_id").iter_rows(named=True)]


def _as_return(row: dict[str, Any], currency: str) -> MdfReturn:
    def money(name: str) -> Money:
        return Money.from_minor(int(row[name] or 0), currency)

    return MdfReturn(
        request_id=int(row["request_id"]), partner_id=int(row["partner_id"]), title=str(row["title"]),
        window=(row["starts_on"], row["window_ends_on"]), spend=money("spend_minor"),
        spend_basis=str(row["spend_basis"]), deals=int(row["deals"] or 0), pipeline=money("pipeline_minor"),
        won=money("won_minor"),
    )  # fmt: skip


def _approved_requests(conn: Connection, partner_id: int | None, lag: int) -> pl.DataFrame:
    r = mdf_requests.c
    query = select(r.id.label("request_id"), r.partner_id, r.title, r.starts_on, r.ends_on, r.budget_minor,
                   r.currency).where(r.status == RequestStatus.APPROVED.value)  # fmt: skip
    if partner_id is not None:
        query = query.where(r.partner_id == partner_id)
    frame = read_frame(conn, query)
    return frame.with_columns(window_ends_on=pl.col("ends_on") + timedelta(days=lag))


def _spend(conn: Connection, requests: pl.DataFrame, rates: pl.DataFrame, currency: str) -> pl.DataFrame:
    c = mdf_claims.c
    claimed = read_frame(conn, select(c.request_id, func.sum(c.amount_minor).label("claimed_minor"))
                         .where(c.status.in_(LIVE_CLAIMS)).group_by(c.request_id))  # fmt: skip
    frame = requests.join(claimed, on="request_id", how="left").select(
        "request_id", "currency", rate_on=pl.col("ends_on"),
        amount_minor=pl.coalesce("claimed_minor", "budget_minor"),
        spend_basis=pl.when(pl.col("claimed_minor").is_null()).then(pl.lit("budget")).otherwise(pl.lit("claims")),
    )
    return convert(frame, rates, currency).select("request_id", "spend_basis", spend_minor="value_minor")


def _partner_deals(conn: Connection, rates: pl.DataFrame, currency: str) -> pl.DataFrame:
    """Per (opportunity, attributed partner): its creation date and the partner's equal share of the amount."""
    run = find_run(conn)
    o, a = opportunities.c, attribution_results.c
    frame = read_frame(conn, select(a.opportunity_id, a.partner_id, o.created_on, o.amount_minor, o.currency)
                       .join_from(attribution_results, opportunities, o.id == a.opportunity_id)
                       .where(a.run_id == run.id, live_opportunity()))  # fmt: skip
    if frame.height == 0:
        return frame.select("opportunity_id", "partner_id", "created_on", pipeline_minor=pl.col("amount_minor"))
    converted = convert(frame.with_columns(rate_on=pl.col("created_on")), rates, currency)
    shares = converted.select("opportunity_id", "partner_id", "created_on", weight=pl.lit(1.0),
                              amount_minor=pl.col("value_minor"))  # fmt: skip
    split = split_minor(shares, "opportunity_id", "partner_id")
    return split.select("opportunity_id", "partner_id", "created_on", pipeline_minor=pl.col("credit_minor"))
