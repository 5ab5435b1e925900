"""The forecast (and its backtest) as JSON (the whole figure tree) and CSV (one tidy row per figure)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from partnerops.analytics.forecast_model import Backtest, CalibrationRow, Forecast
from partnerops.analytics.stats import Interval
from partnerops.domain.money import Money
from partnerops.reports.formatting import json_document

__all__ = ["FORECAST_CSV_COLUMNS", "forecast_csv", "forecast_json"]

FORECAST_CSV_COLUMNS = ("section", "scope", "dimension", "key", "label", "metric", "value", "low", "high", "unit")
Tidy = tuple[Any, ...]


def forecast_json(forecast: Forecast, backtest: Backtest | None = None) -> str:
    """{"forecast": ..., "backtest": ... or null}: money as exact decimal strings with a currency."""
    tree = {"forecast": dataclasses.asdict(forecast), "backtest": _backtest_tree(backtest)}
    return json_document(tree)


def _backtest_tree(backtest: Backtest | None) -> dict[str, Any] | None:
    if backtest is None:
        return None
    tree = dataclasses.asdict(backtest)
    for row, quarter in zip(tree["quarters"], backtest.quarters, strict=True):
        row["inside"] = quarter.inside
    return tree


def forecast_csv(forecast: Forecast, backtest: Backtest | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FORECAST_CSV_COLUMNS)
    writer.writerows(_forecast_rows(forecast))
    if backtest is not None:
        writer.writerows(_backtest_rows(backtest))
    return buffer.getvalue()


def _forecast_rows(forecast: Forecast) -> Iterator[Tidy]:
    yield from _stage_rows(forecast)
    for t in (*forecast.learning.tiers, forecast.learning.overall):
        base = ("tier_rate", "learned", "tier", t.tier, t.tier)
        yield (*base, "won", t.won, "", "", "deals")
        yield (*base, "closed", t.closed, "", "", "deals")
        yield _rate(base, t.win_rate)
    for f in forecast.figures:
        base = ("forecast", f.quarter, f.dimension, f.key, f.label)
        yield (*base, "deals", f.deals, "", "", "deals")
        yield (*base, "past_due", f.past_due, "", "", "deals")
        yield (*base, "unknown_amount", f.unknown_amount, "", "", "deals")
        yield _money(base, "pipeline", f.pipeline)
        yield (*base, "expected_won", f.expected.amount, f.low.amount, f.high.amount, f.expected.currency)


def _stage_rows(forecast: Forecast) -> Iterator[Tidy]:
    """Per stage its samples; per (stage, tier) of the open deals the probability used and its source."""
    for s in forecast.learning.stages:
        base = ("stage", "learned", "stage", s.stage, s.stage)
        yield (*base, "open_deals", s.open_deals, "", "", "deals")
        for name, sample in (("history", s.history), ("last_stage", s.last_stage)):
            yield (*base, f"{name}_won", sample.won, "", "", "deals")
            yield (*base, f"{name}_closed", sample.closed, "", "", "deals")
            yield (*base[:5], f"{name}_win_rate", *_bounds(sample.win_rate), "proportion")
    for p in forecast.learning.probabilities:
        stage = "" if p.stage is None else p.stage
        base = ("probability", "used", "stage_tier", f"{stage}|{p.tier}", f"{stage or '(unknown)'}, {p.tier}")
        yield (*base, "source", p.source, "", "", "")
        yield (*base, "open_deals", p.open_deals, "", "", "deals")
        yield (*base, "won", p.sample.won, "", "", "deals")
        yield (*base, "closed", p.sample.closed, "", "", "deals")
        yield _rate(base, p.sample.win_rate)


def _backtest_rows(backtest: Backtest) -> Iterator[Tidy]:
    for q in backtest.quarters:
        base = ("backtest", q.quarter.label, "total", "all", "all deals")
        yield (*base, "deals", q.deals, "", "", "deals")
        yield (*base, "expected_won", q.expected.amount, q.low.amount, q.high.amount, q.expected.currency)
        yield _money(base, "actual_won", q.actual)
        yield (*base, "inside_interval", q.inside, "", "", "")
    yield from _calibration_rows("calibration", "probability_bin", backtest.calibration)
    yield from _calibration_rows("calibration", "source", backtest.by_source)
    yield ("brier", "all", "", "", "", "brier_score", _blank(backtest.brier), "", "", "")
    yield ("brier", "all", "", "", "", "brier_reference", _blank(backtest.brier_reference), "", "", "")


def _calibration_rows(section: str, dimension: str, rows: tuple[CalibrationRow, ...]) -> Iterator[Tidy]:
    for row in rows:
        base = (section, "all", dimension, row.label, row.label)
        yield (*base, "deals", row.deals, "", "", "deals")
        yield (*base, "mean_predicted", row.mean_predicted, "", "", "proportion")
        observed = row.observed
        yield (*base, "observed", _blank(observed.value), _blank(observed.low), _blank(observed.high), "proportion")


def _rate(base: Tidy, rate: Interval) -> Tidy:
    return (*base, "win_rate", *_bounds(rate), "proportion")


def _bounds(rate: Interval) -> Tidy:
    return _blank(rate.value), _blank(rate.low), _blank(rate.high)


def _money(base: Tidy, metric: str, value: Money) -> Tidy:
    return (*base, metric, value.amount, "", "", value.currency)


def _blank(value: object) -> object:
    return "" if value is None else value
