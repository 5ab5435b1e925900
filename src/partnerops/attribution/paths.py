"""Path-level files as ChannelAttribution reads them (`path` with channels joined by " > ",
`total_conversions`, `total_conversion_value`, `total_null`), credited by a model, written back as
`channel,total_conversions,total_conversion_value`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from partnerops.analytics.credit.journeys import Ints, Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings, path_totals

REQUIRED = ("path", "total_conversions")
NUMBERS = ("total_conversions", "total_conversion_value", "total_null")


class PathFileError(ValueError):
    """A path file that cannot be read: names the file and, where it can, the row and the column."""


def read_paths(path: Path, sep: str = ">") -> Journeys:
    frame = _read_typed(path)
    if frame is None or _has_bad_number(frame):
        # Rare: read again as text, so the error can quote the cell as it is written in the file.
        frame = _read_text(path)
        _require_columns(frame, path)
        frame = _numbers(frame, path)
    _require_columns(frame, path)
    missing = [pl.lit(0.0).alias(c) for c in NUMBERS if c not in frame.columns]
    return journeys_from_frame(frame.with_columns(missing), sep)


def _read_typed(path: Path) -> pl.DataFrame | None:
    """The file with its number columns parsed while reading (None if a cell does not parse)."""
    try:
        return pl.read_csv(path, infer_schema_length=0, schema_overrides=dict.fromkeys(NUMBERS, pl.Float64))
    except pl.exceptions.ComputeError:
        return None
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise PathFileError(f"{path}: {exc}") from exc


def _read_text(path: Path) -> pl.DataFrame:
    try:
        return pl.read_csv(path, infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise PathFileError(f"{path}: {exc}") from exc


def _require_columns(frame: pl.DataFrame, path: Path) -> None:
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise PathFileError(f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(frame.columns)})")


def _has_bad_number(frame: pl.DataFrame) -> bool:
    """A missing or negative number (NaN passes, as it is neither); the columns are read as they are stored."""
    columns = [frame[c] for c in NUMBERS if c in frame.columns]
    return any(column.null_count() or bool((column.to_numpy() < 0).any()) for column in columns)


def _numbers(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    for column in (c for c in NUMBERS if c in frame.columns):
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
    """Journeys from a path-level frame, splitting every path at once.

    Channels are the path's parts stripped of whitespace; blank parts (as in "a > > b") are dropped.
    """
    split = frame["path"].str.split(sep)
    lengths = split.list.len().fill_null(0).to_numpy().astype(np.int64)
    channels, steps = _channel_codes(split.explode().drop_nulls())
    if (steps < 0).any():
        path = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        lengths = np.bincount(path[steps >= 0], minlength=len(lengths)).astype(np.int64)
        steps = steps[steps >= 0]
    if (lengths == 0).any():
        row = int(np.flatnonzero(lengths == 0)[0])
        raise PathFileError(f"row {row + 2}: path is empty")
    return Journeys(
        channels=channels,
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        steps=steps,
        conversions=frame["total_conversions"].to_numpy().astype(np.float64, copy=False),
        values=frame["total_conversion_value"].to_numpy().astype(np.float64, copy=False),
        nulls=frame["total_null"].to_numpy().astype(np.float64, copy=False),
    )


def _channel_codes(parts: pl.Series) -> tuple[tuple[str, ...], Ints]:
    """The sorted channel names and each part's code among them (-1 for a blank part).

    A file has few distinct parts: they are numbered by a categorical of their own (its categories are the
    distinct parts in code order, with no second pass over the parts), and only those are stripped and sorted;
    every part is mapped through a lookup table indexed by its categorical code.
    """
    dtype = pl.Categorical(pl.Categories.random())
    categories = parts.cast(dtype)
    names = dtype.categories.to_series().str.strip_chars().to_numpy().astype(str)
    channels, code = np.unique(names, return_inverse=True)
    if len(channels) and channels[0] == "":  # blank sorts first
        channels, code = channels[1:], code - 1
    lookup = code.astype(np.int64)
    return tuple(channels.tolist()), lookup.take(categories.to_physical().to_numpy())


def credit_paths(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> pl.DataFrame:
    conversions, values = path_totals(journeys, model, settings)
    return pl.DataFrame(
        {"channel": list(journeys.channels), "total_conversions": conversions, "total_conversion_value": values}
    )


def write_credits(result: pl.DataFrame, out: Path) -> None:
    result.write_csv(out)
