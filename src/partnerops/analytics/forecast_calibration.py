"""How well forecast probabilities matched outcomes: a calibration table, per-source rates, the Brier score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from partnerops.analytics.forecast_model import CalibrationRow
from partnerops.analytics.stats import win_rate

BINS = 10


def by_probability_bin(outcomes: pl.DataFrame) -> tuple[CalibrationRow, ...]:
    """Deals grouped by predicted probability in tenths (0-10%, ..., 90-100%), with the share that won."""
    tenth = (pl.col("probability") * BINS).floor().clip(0, BINS - 1).cast(pl.Int64)
    binned = outcomes.with_columns(bin=tenth)
    return _rows(binned, "bin", lambda b: f"{10 * int(b)}–{10 * int(b) + 10}%")


def by_source(outcomes: pl.DataFrame) -> tuple[CalibrationRow, ...]:
    """Deals grouped by where their probability came from (a stage, or a tier's fallback rate)."""
    return _rows(outcomes, "source", str)


def _rows(frame: pl.DataFrame, key: str, label: Callable[[Any], str]) -> tuple[CalibrationRow, ...]:
    grouped = (
        frame.group_by(key)
        .agg(deals=pl.len(), won=pl.col("won").sum(), mean_predicted=pl.col("probability").mean())
        .sort(key)
    )
    return tuple(
        CalibrationRow(label(row[key]), row["deals"], row["mean_predicted"], win_rate(row["won"], row["deals"]))
        for row in grouped.iter_rows(named=True)
    )


def brier(outcomes: pl.DataFrame, column: str) -> float | None:
    """Mean squared difference between `column` (a probability) and the outcome (1 won, 0 not); None if empty."""
    if outcomes.height == 0:
        return None
    return float(outcomes.select(((pl.col(column) - pl.col("won")) ** 2).mean()).item())
