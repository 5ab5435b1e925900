"""Path-level files as ChannelAttribution reads them (`path` with channels joined by " > ",
`total_conversions`, `total_conversion_value`, `total_null`), credited by a model, written back as
`channel,total_conversions,total_conversion_value`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings, path_totals

REQUIRED = ("path", "total_conversions")


class PathFileError(ValueError):
    """A path file that cannot be read: names the file and, where it can, the row and the column."""


def read_paths(path: Path, sep: str = ">") -> Journeys:
    try:
        frame = pl.read_csv(path, infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise PathFileError(f"{path}: {exc}") from exc
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise PathFileError(f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(frame.columns)})")
    return journeys_from_frame(_numbers(frame, path), sep)


def _numbers(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    for column in ("total_conversions", "total_conversion_value", "total_null"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit("0").alias(column))
        parsed = frame[column].cast(pl.Float64, strict=False)
        bad = parsed.is_null() | (parsed < 0)
        if bad.any():
            row = int(bad.arg_true()[0])
            raise PathFileError(
                f"{path}: row {row + 2}, column {column}: {frame[column][row]!r} is not a non-negative number"
            )
        frame = frame.with_columns(parsed.alias(column))
    return frame


def journeys_from_frame(frame: pl.DataFrame, sep: str = ">") -> Journeys:
    """Journeys from a path-level frame, splitting every path at once."""
    steps = frame.select(pl.col("path").str.split(sep).list.eval(pl.element().str.strip_chars()).alias("channel"))
    steps = steps.with_columns(pl.col("channel").list.eval(pl.element().filter(pl.element() != "")))
    lengths = steps["channel"].list.len().to_numpy()
    if (lengths == 0).any():
        row = int(np.flatnonzero(lengths == 0)[0])
        raise PathFileError(f"row {row + 2}: path is empty")
    flat = steps["channel"].explode()
    names = np.sort(flat.unique().to_numpy()).astype(str)
    return Journeys(
        channels=tuple(names),
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        steps=np.searchsorted(names, flat.to_numpy().astype(str)).astype(np.int64),
        conversions=frame["total_conversions"].to_numpy().astype(np.float64),
        values=frame["total_conversion_value"].to_numpy().astype(np.float64),
        nulls=frame["total_null"].to_numpy().astype(np.float64),
    )


def credit_paths(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> pl.DataFrame:
    conversions, values = path_totals(journeys, model, settings)
    return pl.DataFrame(
        {"channel": list(journeys.channels), "total_conversions": conversions, "total_conversion_value": values}
    )


def write_credits(result: pl.DataFrame, out: Path) -> None:
    result.write_csv(out)
