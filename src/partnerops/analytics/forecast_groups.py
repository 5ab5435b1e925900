"""The groups a forecast reports: per quarter, all deals, each tier, each partner type and each partner.

A deal with several partners counts in each of their groups, so partner rows need not add up to the total.
"""

from __future__ import annotations

import polars as pl

from partnerops.analytics.forecast_model import Quarter

DIMENSIONS = ("total", "tier", "partner_type", "partner")


def membership(deals: pl.DataFrame, partners: pl.DataFrame) -> pl.DataFrame:
    """One row per (group, deal): quarter, dimension, key, label, row (the deal's position in `deals`)."""
    of_partners = deals.select("id", "row", "quarter").join(partners, on="id")
    parts = [
        deals.select("quarter", _lit("total"), _lit("all", "key"), _lit("all deals", "label"), "row"),
        deals.select("quarter", _lit("tier"), pl.col("tier").alias("key"), pl.col("tier").alias("label"), "row"),
        of_partners.select("quarter", _lit("partner_type"), pl.col("type").alias("key"), pl.col("type").alias("label"),
                           "row"),
        of_partners.select("quarter", _lit("partner"), pl.col("partner_id").cast(pl.String).alias("key"),
                           pl.col("name").alias("label"), "row"),
    ]  # fmt: skip
    return pl.concat(parts).unique()


def group_index(members: pl.DataFrame, quarters: tuple[Quarter, ...]) -> pl.DataFrame:
    """Every group once, in report order, with `group` its index; each quarter has its total even when empty."""
    totals = pl.DataFrame(
        {"quarter": [q.label for q in quarters], "dimension": "total", "key": "all", "label": "all deals"}
    )
    order = pl.DataFrame({"quarter": [q.label for q in quarters], "quarter_order": range(len(quarters))})
    ranks = pl.DataFrame({"dimension": list(DIMENSIONS), "dimension_order": range(len(DIMENSIONS))})
    groups = pl.concat([totals, members.select("quarter", "dimension", "key", "label")]).unique()
    return (
        groups.join(order, on="quarter")
        .join(ranks, on="dimension")
        .sort("quarter_order", "dimension_order", "label", "key")
        .drop("quarter_order", "dimension_order")
        .with_row_index("group")
        .with_columns(pl.col("group").cast(pl.Int64))
    )


def _lit(value: str, name: str = "dimension") -> pl.Expr:
    return pl.lit(value).alias(name)
