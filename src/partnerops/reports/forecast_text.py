"""Sentences the forecast's renderers share: what was learned, and how each probability is sourced."""

from __future__ import annotations

from partnerops.analytics.forecast_model import (
    ALL_CLOSED,
    LAST_STAGE,
    STAGE_HISTORY,
    STAGE_HISTORY_BY_TIER,
    Backtest,
    Forecast,
    ForecastFigure,
    Learning,
    StageProbability,
)
from partnerops.analytics.impact_model import RunInfo
from partnerops.reports.formatting import percent, tier_label

DIMENSION_TITLES = {"total": "All deals", "tier": "Tier", "partner_type": "Partner type", "partner": "Partner"}


def run_line(run: RunInfo | None) -> str:
    if run is None:
        return "No attribution run: every deal counted as direct."
    return f"Tiers from attribution run {run.id}: policy {run.policy_version} (digest {run.policy_digest})."


def learned_line(learning: Learning) -> str:
    learned = sum(p.open_deals for p in learning.probabilities if p.learned)
    total = sum(p.open_deals for p in learning.probabilities)
    line = (
        f"Learned from {learning.closed_deals} deals closed (won or lost) before {learning.learned_before}, "
        f"{learning.history_deals} of them with stage history: {learned} of {total} open deals use a win rate "
        f"learned for their stage (at least {learning.min_stage_deals} closed deals); the others fall back as the "
        "source column says."
    )
    if learning.history_deals == 0:
        line += (" No stage history is imported: a stage's rate comes only from the deals last recorded at it "
                 "(import stage_history to learn from every stage a deal passed through).")
    if learning.outcome_stages:
        names = ", ".join(learning.outcome_stages)
        line += f" Stages that name an outcome ({names}) teach nothing about open deals and were set aside."
    return line


def stage_label(stage: str | None) -> str:
    return "(unknown)" if stage is None else stage


def source_line(used: StageProbability, min_stage_deals: int) -> str:
    """Where an open deal's probability came from, and why a more specific source was not enough."""
    won, closed, tier = used.sample.won, used.sample.closed, tier_label(used.tier)
    if used.source == STAGE_HISTORY_BY_TIER:
        return f"stage history of {tier} deals: {won} won of {closed} that reached the stage"
    if used.source == STAGE_HISTORY:
        return (f"stage history of all tiers: {won} won of {closed} that reached the stage "
                f"(fewer than {min_stage_deals} {tier} deals did)")
    if used.source == LAST_STAGE:
        return (f"last recorded stage: {won} won of {closed} closed at it (fewer than {min_stage_deals} deals "
                "in the stage history reached it)")
    why = "its stage is unknown" if used.stage is None else f"fewer than {min_stage_deals} closed deals at the stage"
    rate = "all closed deals" if used.source == ALL_CLOSED else f"the {tier} tier's win rate"
    return f"fallback to {rate}: {won} won of {closed} ({why})"


def deals_cell(figure: ForecastFigure) -> str:
    """'12', '12 (2 past due)', '12 (3 amount unknown)': the unknown amounts are counted, never summed."""
    notes = []
    if figure.past_due:
        notes.append(f"{figure.past_due} past due")
    if figure.unknown_amount:
        notes.append(f"{figure.unknown_amount} amount unknown")
    return f"{figure.deals} ({', '.join(notes)})" if notes else str(figure.deals)


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
