"""Sentences the forecast's renderers share: what was learned, and how each probability is sourced."""

from __future__ import annotations

from partnerops.analytics.forecast_model import Backtest, Forecast, Learning, StageProbability
from partnerops.analytics.impact_model import RunInfo
from partnerops.reports.formatting import percent, tier_label

DIMENSION_TITLES = {"total": "All deals", "tier": "Tier", "partner_type": "Partner type", "partner": "Partner"}


def run_line(run: RunInfo | None) -> str:
    if run is None:
        return "No attribution run: every deal counted as direct."
    return f"Tiers from attribution run {run.id}: policy {run.policy_version} (digest {run.policy_digest})."


def learned_line(learning: Learning) -> str:
    learned = [s for s in learning.stages if s.learned]
    line = (
        f"Learned from {learning.closed_deals} deals closed (won or lost) before {learning.learned_before}: "
        f"{len(learned)} of {len(learning.stages)} stages with open deals had at least "
        f"{learning.min_stage_deals} closed deals and use their own win rate; the others use the deal's tier win rate."
    )
    if learning.stages and not any(s.closed for s in learning.stages):
        line += " No closed deal is recorded at a stage an open deal sits at: the forecast rests on tier win rates."
    if learning.outcome_stages:
        names = ", ".join(learning.outcome_stages)
        line += f" Stages that name an outcome ({names}) teach nothing about open deals and were set aside."
    return line


def stage_source(stage: StageProbability, min_stage_deals: int) -> str:
    if stage.learned:
        return f"stage win rate, {stage.won} won of {stage.closed} closed"
    return f"its tier's win rate ({stage.closed} closed here, fewer than {min_stage_deals})"


def tier_rate_line(learning: Learning) -> str:
    parts = [f"{tier_label(t.tier)} {percent(t.win_rate)} of {t.closed}" for t in learning.tiers]
    return "Tier win rates (fallback): " + "; ".join(parts) + f"; all deals {percent(learning.overall.win_rate)}."


def forecast_heading(forecast: Forecast) -> str:
    span = f"{forecast.quarters[0].label} to {forecast.quarters[-1].label}"
    return f"Pipeline forecast {span}, amounts in {forecast.currency}, as of {forecast.as_of}"


def backtest_heading(backtest: Backtest) -> str:
    return f"Backtest of the forecast, amounts in {backtest.currency}, as of {backtest.as_of}"


def interval_line(draws: int, seed: int, method: str) -> str:
    return f"{method} ({draws} draws, seed {seed})."
