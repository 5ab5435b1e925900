"""Deal-size bands: thresholds in the reporting currency that sort closed deals by their converted amount."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from partnerops.domain.money import Money

DEFAULT_BAND_EDGES: tuple[Decimal, ...] = (Decimal(25_000), Decimal(100_000), Decimal(250_000))
UNKNOWN = "unknown"


class InvalidBands(ValueError):
    """Band thresholds that are not positive whole amounts in strictly increasing order."""

    def __init__(self, edges: tuple[Decimal, ...]) -> None:
        shown = ", ".join(str(edge) for edge in edges) or "none"
        super().__init__(f"deal-size band thresholds must be positive whole amounts in increasing order, got {shown}")


@dataclass(frozen=True)
class DealBands:
    """Band i holds deals of at least edges[i-1] and under edges[i], in the reporting currency."""

    edges: tuple[Decimal, ...] = DEFAULT_BAND_EDGES

    def __post_init__(self) -> None:
        whole = all(edge.is_finite() and edge == edge.to_integral_value() for edge in self.edges)
        if not self.edges or not whole or self.edges[0] <= 0:
            raise InvalidBands(self.edges)
        if any(low >= high for low, high in zip(self.edges, self.edges[1:], strict=False)):
            raise InvalidBands(self.edges)

    @property
    def labels(self) -> tuple[str, ...]:
        """'<25k', '25k–100k', '100k–250k', '≥250k' for the default thresholds."""
        names = [_short(edge) for edge in self.edges]
        middle = [f"{low}–{high}" for low, high in zip(names, names[1:], strict=False)]
        return (f"<{names[0]}", *middle, f"≥{names[-1]}")

    def band(self, value_minor: pl.Expr, currency: str) -> pl.Expr:
        """The band label of an amount in minor units of `currency`; "unknown" where the amount is."""
        limits = [Money(edge, currency).minor for edge in self.edges]
        index = pl.sum_horizontal([(value_minor >= limit).cast(pl.Int64) for limit in limits])
        label = index.replace_strict(list(range(len(self.labels))), list(self.labels), return_dtype=pl.String)
        return pl.when(value_minor.is_not_null()).then(label).otherwise(pl.lit(UNKNOWN))  # keeps the column's name


def _short(edge: Decimal) -> str:
    for divisor, suffix in ((Decimal(1_000_000), "M"), (Decimal(1_000), "k")):
        if edge >= divisor:
            return f"{(edge / divisor).normalize():f}{suffix}"
    return f"{edge.normalize():f}"


def with_strata(closed: pl.DataFrame, bands: DealBands, currency: str) -> pl.DataFrame:
    """Closed deals with their band, and segment and region where a missing value reads 'unknown'."""
    return closed.with_columns(
        band=bands.band(pl.col("value_minor"), currency),
        segment=pl.col("segment").fill_null(UNKNOWN),
        region=pl.col("region").fill_null(UNKNOWN),
        won=pl.col("outcome") == "won",
    )
