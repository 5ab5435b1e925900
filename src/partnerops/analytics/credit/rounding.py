"""Splitting amounts in minor units by weights so every split sums exactly to its amount.

Largest-remainder (Hamilton) rounding in 128-bit integers over all deals at once: weights are scaled to
integers, each share is floored, and the units left over go to the largest remainders (ties to the
smaller key), one each.
"""

from __future__ import annotations

import polars as pl

WEIGHT_SCALE = 10**12


def split_minor(shares: pl.DataFrame, group: str, key: str) -> pl.DataFrame:
    """`shares` (group, key, weight >= 0, amount_minor) with `credit_minor` added; sums per group are exact.

    A group whose weights are all zero is split equally.
    """
    # Weights are scaled relative to the group's largest, so tiny but non-zero weights keep their order.
    largest = pl.col("weight").max().over(group)
    relative = pl.when(largest > 0).then(pl.col("weight") / largest).otherwise(0.0)
    scaled = (relative * WEIGHT_SCALE).round(0).cast(pl.Int128)
    frame = shares.with_columns(units=scaled).with_columns(
        units=pl.when(pl.col("units").sum().over(group) > 0).then(pl.col("units")).otherwise(pl.lit(1, pl.Int128))
    )
    total = pl.col("units").sum().over(group)
    product = pl.col("amount_minor").cast(pl.Int128) * pl.col("units")
    # A remainder is below its group's total units (a few times WEIGHT_SCALE), so it fits in 64 bits.
    frame = frame.with_columns(floor=product // total, remainder=(product % total).cast(pl.Int64))
    frame = frame.with_columns(left=pl.col("amount_minor") - pl.col("floor").sum().over(group).cast(pl.Int64))
    frame = frame.sort([group, "remainder", key], descending=[False, True, False])
    rank = pl.int_range(1, pl.len() + 1).over(group)
    bonus = (rank <= pl.col("left")).cast(pl.Int64)
    return frame.with_columns(credit_minor=pl.col("floor").cast(pl.Int64) + bonus).drop(
        "units", "floor", "remainder", "left"
    )
