"""Co-sell targets ranked by a propensity learned from our history: a ridge-penalised logistic regression
of "won" on segment, region, deal-size band and partner type over closed deals with a partner attached."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm
from sqlalchemy import Connection, func, select

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.domain.enums import TouchStatus
from partnerops.store.tables import accounts, opportunities, partners, touches

__all__ = ["PropensityModel", "fit_propensity", "ranked_targets"]

FEATURES = ("segment", "region", "deal_size", "partner_type")
# Deal-size bands in major units of the deal's own currency (upper bounds).
BANDS = ((10_000, "under_10k"), (50_000, "10k_50k"), (250_000, "50k_250k"))
MIN_DEALS = 10
RIDGE = 0.05


@dataclass(frozen=True)
class PropensityModel:
    """Coefficients per `feature=value` (log-odds), the intercept and what it was learned from."""

    coefficients: dict[str, float]
    intercept: float
    deals: int
    won: int


def deal_size_band(amount_minor: pl.Expr) -> pl.Expr:
    major = amount_minor / 100
    band: pl.Expr = pl.lit("250k_plus")
    for limit, name in reversed(BANDS):
        band = pl.when(major < limit).then(pl.lit(name)).otherwise(band)
    return pl.when(amount_minor.is_null()).then(pl.lit("no_open_deal")).otherwise(band)


def _history(conn: Connection) -> pl.DataFrame:
    """One row per closed deal and attached partner (any touch not rejected)."""
    o, a, t, p = opportunities.c, accounts.c, touches.c, partners.c
    query = (select(o.id, a.segment, a.region, o.amount_minor, p.type, o.outcome).distinct()
             .join_from(opportunities, accounts, o.account_id == a.id).join(touches, t.opportunity_id == o.id)
             .join(partners, t.partner_id == p.id)
             .where(o.outcome.in_(("won", "lost")), t.status != TouchStatus.REJECTED.value, live_touch()))
    rows = pl.DataFrame(conn.execute(query).all(), orient="row", schema={
        "id": pl.Int64, "segment": pl.String, "region": pl.String, "amount_minor": pl.Int64,
        "partner_type": pl.String, "outcome": pl.String})
    return rows.with_columns(deal_size_band(pl.col("amount_minor")).alias("deal_size"))


def _design(frame: pl.DataFrame, columns: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    dummies = frame.select(pl.col(f).fill_null("unknown").alias(f) for f in FEATURES).to_dummies(separator="=")
    columns = columns or dummies.columns
    matrix = dummies.select(pl.col(c) if c in dummies.columns else pl.lit(0).alias(c) for c in columns)
    return matrix.to_numpy().astype(np.float64), columns


def fit_propensity(conn: Connection) -> PropensityModel | None:
    """The model, or None while history has fewer than MIN_DEALS partner-attached closed deals or no
    wins or no losses to tell apart."""
    history = _history(conn)
    won = int((history.get_column("outcome") == "won").sum())
    if history.height < MIN_DEALS or won in (0, history.height):
        return None
    matrix, columns = _design(history)
    design = sm.add_constant(matrix, has_constant="add")
    fitted = sm.GLM((history.get_column("outcome") == "won").to_numpy().astype(np.float64), design,
                    family=sm.families.Binomial()).fit_regularized(alpha=RIDGE, L1_wt=0.0)
    params = np.asarray(fitted.params)
    return PropensityModel(dict(zip(columns, params[1:].tolist(), strict=True)), float(params[0]),
                           history.height, won)


def _target_features(conn: Connection, targets: pl.DataFrame, partner_type: str) -> pl.DataFrame:
    o = opportunities.c
    open_deals = pl.DataFrame(conn.execute(select(o.account_id, func.max(o.amount_minor)).where(
        o.outcome == "open", live_opportunity()).group_by(o.account_id)).all(), orient="row",
        schema={"our_account_id": pl.Int64, "open_amount": pl.Int64})
    return targets.join(open_deals, on="our_account_id", how="left").with_columns(
        deal_size_band(pl.col("open_amount")).alias("deal_size"), pl.lit(partner_type).alias("partner_type"))


def ranked_targets(conn: Connection, targets: pl.DataFrame, partner_type: str,
                   model: PropensityModel | None) -> pl.DataFrame:
    """`targets` (overlap rows with our_account_id, segment, region) with `propensity` (0-1, null without a
    model) and `reasons` (the features that raise it most), likeliest first."""
    scored = _target_features(conn, targets, partner_type)
    if model is None or scored.height == 0:
        return scored.with_columns(pl.lit(None, pl.Float64).alias("propensity"),
                                   pl.lit("not enough partner-attached history to learn from").alias("reasons"))
    matrix, columns = _design(scored, list(model.coefficients))
    contributions = matrix * np.array([model.coefficients[c] for c in columns])
    odds = model.intercept + contributions.sum(axis=1)
    reasons = [_reasons(row, columns) for row in contributions]
    return scored.with_columns(pl.Series("propensity", 1 / (1 + np.exp(-odds))), pl.Series("reasons", reasons)
                               ).sort("propensity", descending=True)


def _reasons(contributions: np.ndarray, columns: list[str], top: int = 3) -> str:
    order = np.argsort(-contributions)[:top]
    raised = [f"{columns[i]} ({contributions[i]:+.2f})" for i in order if contributions[i] >= 0.005]
    return ", ".join(raised) or "no feature raises it above the base rate"
