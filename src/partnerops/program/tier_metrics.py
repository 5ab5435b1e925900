"""What tier criteria measure, for every partner at once as of a day: certifications held, and the won
attributed deals and their revenue over the trailing window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.domain.money import Money
from partnerops.program.periods import months_before
from partnerops.program.program_settings import TierSettings
from partnerops.store.attribution_runs import NoAttributionRun, find_run
from partnerops.store.program_tables import enablement_completions
from partnerops.store.tables import attribution_results, opportunities, partners

CERTIFICATION = "certification"


@dataclass(frozen=True)
class TierMetrics:
    partner_id: int
    certifications: int
    won_revenue: Money
    deals: int

    def value(self, criterion: str) -> Decimal:
        return self.won_revenue.amount if criterion == "won_revenue" else Decimal(getattr(self, criterion))


def tier_metrics(conn: Connection, settings: TierSettings, as_of: date) -> dict[int, TierMetrics]:
    """Every partner's measures as of `as_of` (a partner with nothing scores zeros)."""
    ids = read_frame(conn, select(partners.c.id.label("partner_id")).where(live_partner()))
    merged = ids.join(_certifications(conn, as_of), on="partner_id", how="left").join(
        _won_deals(conn, settings, as_of), on="partner_id", how="left").fill_null(0)  # fmt: skip
    return {
        row["partner_id"]: TierMetrics(row["partner_id"], int(row["certifications"]),
                                       Money.from_minor(int(row["won_minor"]), settings.currency), int(row["deals"]))
        for row in merged.iter_rows(named=True)
    }  # fmt: skip


def _certifications(conn: Connection, as_of: date) -> pl.DataFrame:
    e = enablement_completions.c
    query = select(e.partner_id, e.course).where(
        e.kind == CERTIFICATION, e.completed_on <= as_of, (e.expires_on.is_(None)) | (e.expires_on > as_of))
    held = read_frame(conn, query)  # fmt: skip
    return held.group_by("partner_id").agg(certifications=pl.col("course").n_unique())


def _won_deals(conn: Connection, settings: TierSettings, as_of: date) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"partner_id": pl.Int64, "won_minor": pl.Int64, "deals": pl.UInt32})
    try:
        run = find_run(conn)
    except NoAttributionRun:
        return empty
    o, a = opportunities.c, attribution_results.c
    query = (
        select(a.partner_id, o.amount_minor, o.currency, o.closed_on.label("rate_on"))
        .join_from(attribution_results, opportunities, o.id == a.opportunity_id)
        .where(a.run_id == run.id, live_opportunity(), o.outcome == "won",
               a.tier.in_([t.value for t in settings.counted_attribution]),
               o.closed_on > months_before(as_of, settings.window_months), o.closed_on <= as_of)
    )  # fmt: skip
    won = read_frame(conn, query)
    if won.height == 0:
        return empty
    converted = convert(won, load_rates(conn, settings.currency), settings.currency)
    return converted.group_by("partner_id").agg(won_minor=pl.col("value_minor").sum(), deals=pl.len())
