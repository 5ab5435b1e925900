"""Deal-size bands: labels from the thresholds, each amount in the band its converted value falls in."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from partnerops.analytics.deal_bands import DealBands, InvalidBands


def test_default_bands_read_as_amounts_and_split_at_each_threshold() -> None:
    bands = DealBands()
    assert bands.labels == ("<25k", "25k–100k", "100k–250k", "≥250k")
    values = pl.DataFrame({"minor": [0, 24_999_99, 25_000_00, 99_999_99, 100_000_00, 250_000_00]})
    found = values.select(bands.band(pl.col("minor"), "USD"))["minor"].to_list()
    assert found == ["<25k", "<25k", "25k–100k", "25k–100k", "100k–250k", "≥250k"]


def test_thresholds_follow_the_currencys_minor_unit() -> None:
    bands = DealBands((Decimal(1_500_000),))
    assert bands.labels == ("<1.5M", "≥1.5M")
    found = pl.DataFrame({"yen": [1_499_999, 1_500_000]}).select(bands.band(pl.col("yen"), "JPY"))["yen"]
    assert found.to_list() == ["<1.5M", "≥1.5M"]


@pytest.mark.parametrize("edges", [(), (Decimal(5), Decimal(5)), (Decimal(0),), (Decimal("2.5"),)])
def test_thresholds_must_be_positive_whole_and_increasing(edges: tuple[Decimal, ...]) -> None:
    with pytest.raises(InvalidBands, match="positive whole amounts in increasing order"):
        DealBands(edges)
