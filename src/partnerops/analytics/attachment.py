"""The attachment model: win rate by number of attached partners per deal-size band, and the count it suggests."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from partnerops.analytics.stats import Interval, win_rate

PARTNER_COUNTS = ("0", "1", "2", "3+")
MIN_CLOSED = 5
ATTACHMENT_RULE = (
    f"Per band, the best count is the partner count with the highest win rate among counts with at least "
    f"{MIN_CLOSED} closed deals; the suggested count is the smallest such count whose win rate reaches the "
    "lower end of the best count's 95% interval (more partners than that do not win measurably more)."
)


@dataclass(frozen=True)
class AttachmentCell:
    partners: str
    closed: int
    won: int
    win_rate: Interval


@dataclass(frozen=True)
class AttachmentBand:
    """One deal-size band: a cell per partner count, the best and suggested counts or why there is none."""

    band: str
    cells: tuple[AttachmentCell, ...]
    best: str | None
    suggested: str | None
    note: str


def partners_per_deal(attributed: pl.DataFrame) -> pl.DataFrame:
    """id (of a deal the run attributed partners on), count (of those partners)."""
    return attributed.group_by("opportunity_id").agg(count=pl.len()).rename({"opportunity_id": "id"})


def partner_counts(deals: pl.DataFrame, counted: pl.DataFrame) -> pl.DataFrame:
    """`deals` with `partners`: how many partners the run attributed on each deal (`counted`, as
    `partners_per_deal` gives it), as '0', '1', '2' or '3+'."""
    number = pl.col("count").fill_null(0)
    bucket = pl.when(number >= 3).then(pl.lit("3+")).otherwise(number.cast(pl.String))
    return deals.join(counted, on="id", how="left").with_columns(partners=bucket).drop("count")


def attachment_model(deals: pl.DataFrame, bands: tuple[str, ...]) -> tuple[AttachmentBand, ...]:
    """Per band, in band order, over closed deals (band, partners, won)."""
    counts = deals.group_by("band", "partners").agg(closed=pl.len(), won=pl.col("won").sum())
    found = {(r["band"], r["partners"]): (int(r["won"]), int(r["closed"])) for r in counts.iter_rows(named=True)}
    return tuple(_band(band, found) for band in bands)


def _band(band: str, found: dict[tuple[str, str], tuple[int, int]]) -> AttachmentBand:
    cells = []
    for partners in PARTNER_COUNTS:
        won, closed = found.get((band, partners), (0, 0))
        cells.append(AttachmentCell(partners, closed, won, win_rate(won, closed)))
    best, suggested, note = suggest(tuple(cells))
    return AttachmentBand(band, tuple(cells), best, suggested, note)


def suggest(cells: tuple[AttachmentCell, ...]) -> tuple[str | None, str | None, str]:
    """(best count, suggested count, the reason in a sentence) under ATTACHMENT_RULE."""
    eligible = [c for c in cells if c.closed >= MIN_CLOSED and c.win_rate.value is not None]
    if not eligible:
        return None, None, f"no partner count has {MIN_CLOSED} or more closed deals"
    best = max(eligible, key=lambda c: c.win_rate.value or 0.0)
    floor = best.win_rate.low or 0.0
    suggested = next(c for c in eligible if (c.win_rate.value or 0.0) >= floor)
    if suggested is best:
        return best.partners, best.partners, f"deals with {_partners(best)} win most; no fewer come close"
    return (
        best.partners,
        suggested.partners,
        f"deals with {_partners(best)} win most; with {_partners(suggested)} they win within its 95% interval",
    )


def _partners(cell: AttachmentCell) -> str:
    return f"{cell.partners} partner{'' if cell.partners == '1' else 's'}"
