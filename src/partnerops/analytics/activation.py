"""Partner activation and health: time to first deal, opportunities per partner, attach rate, join cohorts.

Counted over every deal (`activation_counts` here from relations a caller registers in DuckDB: `created` (id,
created_on, attached) for the opportunities created in the report window, `attributed` (opportunity_id,
partner_id), `partners` (partner_id, joined_on) and `partner_wins` (partner_id, closed_on of each won deal the
partner is attributed on); the Ibis engine counts the same), then worked out from those counts here.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from partnerops.analytics.stats import Interval, win_rate

UNKNOWN_COHORT = "unknown"


@dataclass(frozen=True)
class Quartiles:
    """Lower quartile, median and upper quartile (linear interpolation) of `count` values."""

    count: int
    low: float | None
    median: float | None
    high: float | None


@dataclass(frozen=True)
class QuarterActivity:
    """Opportunities created in one quarter: how many were partner-attached, and per partner in the program."""

    quarter: str
    created: int
    attached: int
    attach_rate: Interval
    partner_opportunities: int
    active_partners: int
    partners_in_program: int
    per_partner: float | None


@dataclass(frozen=True)
class Cohort:
    """Partners who joined in one quarter: how many have a won attached deal, and how fast they got it."""

    quarter: str
    joined: int
    activated: int
    share_activated: Interval
    median_days_to_first_deal: float | None


@dataclass(frozen=True)
class Activation:
    time_to_first_deal: Quartiles
    partners_without_a_win: int
    quarters: tuple[QuarterActivity, ...]
    cohorts: tuple[Cohort, ...]


@dataclass(frozen=True)
class ActivationCounts:
    """What activation is worked out from, counted by an engine over every deal.

    firsts: partner_id, joined_on, first_won_on (one row per partner; null when it has no won attributed deal).
    quarters: year, quarter, created, attached, partner_opportunities, active_partners (per quarter of creation).
    """

    firsts: pl.DataFrame
    quarters: pl.DataFrame


def activation_counts(db: duckdb.DuckDBPyConnection) -> ActivationCounts:
    """The counts from the relations registered in `db` (see the module docstring)."""
    firsts = db.sql(
        """
        SELECT p.partner_id, p.joined_on, min(w.closed_on) AS first_won_on
        FROM partners p LEFT JOIN partner_wins w ON w.partner_id = p.partner_id
        GROUP BY p.partner_id, p.joined_on
        """
    ).pl()
    quarters = db.sql(
        """
        WITH deals AS (SELECT id, attached, year(created_on) AS year, quarter(created_on) AS quarter FROM created),
        per_quarter AS (
            SELECT year, quarter, count(*) AS created, count(*) FILTER (WHERE attached) AS attached
            FROM deals GROUP BY year, quarter
        ),
        pairs AS (
            SELECT d.year, d.quarter, count(*) AS partner_opportunities,
                   count(DISTINCT a.partner_id) AS active_partners
            FROM deals d JOIN attributed a ON a.opportunity_id = d.id GROUP BY d.year, d.quarter
        )
        SELECT q.year, q.quarter, q.created, q.attached,
               coalesce(p.partner_opportunities, 0) AS partner_opportunities,
               coalesce(p.active_partners, 0) AS active_partners
        FROM per_quarter q LEFT JOIN pairs p ON p.year = q.year AND p.quarter = q.quarter
        """
    ).pl()
    return ActivationCounts(firsts, quarters)


def activation(counts: ActivationCounts) -> Activation:
    """Time to first deal, quarters and cohorts from the counts (small: a row per partner and per quarter)."""
    db = duckdb.connect()
    db.register("firsts", counts.firsts)
    db.register("quarter_counts", counts.quarters)
    days, without = _first_deal_days(db)
    return Activation(days, without, _quarters(db), _cohorts(db))


def _first_deal_days(db: duckdb.DuckDBPyConnection) -> tuple[Quartiles, int]:
    row = db.execute(
        """
        SELECT count(days), quantile_cont(days, [0.25, 0.5, 0.75]), count(*) FILTER (WHERE first_won_on IS NULL)
        FROM (SELECT date_diff('day', joined_on, first_won_on) AS days, first_won_on FROM firsts)
        """
    ).fetchone()
    assert row is not None  # an aggregate always returns one row
    count, quartiles, without = row
    low, median, high = quartiles if count else (None, None, None)
    return Quartiles(int(count), low, median, high), int(without)


def _quarters(db: duckdb.DuckDBPyConnection) -> tuple[QuarterActivity, ...]:
    rows = db.execute(
        """
        WITH q AS (
            SELECT *, year || '-Q' || quarter AS label,
                      last_day(make_date(CAST(year AS BIGINT), CAST(quarter AS BIGINT) * 3, 1)) AS quarter_end
            FROM quarter_counts
        )
        SELECT q.label, q.created, q.attached, q.partner_opportunities, q.active_partners,
               (SELECT count(*) FROM firsts WHERE joined_on IS NULL OR joined_on <= q.quarter_end)
        FROM q ORDER BY q.quarter_end
        """
    ).fetchall()
    return tuple(_quarter(*row) for row in rows)


def _quarter(quarter: str, created: int, attached: int, pairs: int, active: int, members: int) -> QuarterActivity:
    created, attached, pairs, active = int(created), int(attached), int(pairs), int(active)
    per_partner = pairs / members if members else None
    return QuarterActivity(quarter, created, attached, win_rate(attached, created), pairs, active, members, per_partner)


def _cohorts(db: duckdb.DuckDBPyConnection) -> tuple[Cohort, ...]:
    rows = db.execute(
        f"""
        SELECT coalesce(year(joined_on) || '-Q' || quarter(joined_on), '{UNKNOWN_COHORT}') AS cohort,
               count(*), count(first_won_on),
               quantile_cont(date_diff('day', joined_on, first_won_on), 0.5)
        FROM firsts GROUP BY cohort ORDER BY min(joined_on) NULLS LAST
        """
    ).fetchall()
    return tuple(
        Cohort(quarter, int(joined), int(activated), win_rate(int(activated), int(joined)), median)
        for quarter, joined, activated, median in rows
    )
