"""The impact report's aggregations, in DuckDB SQL over frames of deals already priced in one currency.

Relations a caller registers: `closed` (id, outcome, tier, attached, period, value_minor, cycle_days),
`open_deals` (tier, stage, value_minor), `members` (dimension, key, label, id) and `partner_wins`
(partner_id, closed_on of each won deal the partner is attributed on).
Sums stay exact (DuckDB sums BIGINT into a 128-bit decimal); a median of money comes back as the sum of
its two middle values so the caller can halve it in Decimal. A null value_minor (an unknown amount) is counted
as a deal, left out of sums and medians, and counted apart as unknown_amounts.
"""

from __future__ import annotations

from typing import Any

import duckdb

Row = dict[str, Any]


def _rows(db: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    rows: list[Row] = db.sql(sql).pl().to_dicts()
    return rows


def comparison_counts(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Closed and won deals, partner-attached or direct, for the whole report ('all') and per period."""
    return _rows(
        db,
        """
        SELECT scope, attached, count(*) AS closed, count(*) FILTER (WHERE outcome = 'won') AS won
        FROM (SELECT 'all' AS scope, attached, outcome FROM closed
              UNION ALL SELECT period, attached, outcome FROM closed)
        GROUP BY scope, attached
        """,
    )


def segment_figures(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Per (dimension, key): counts (also of partner-attached deals), the won amount, the won deals of unknown
    amount, the doubled median of the known won amounts, the median cycle."""
    return _rows(
        db,
        """
        WITH grouped AS (
            SELECT m.dimension, m.key, any_value(m.label) AS label,
                   count(*) AS closed,
                   count(*) FILTER (WHERE c.outcome = 'won') AS won,
                   count(*) FILTER (WHERE c.outcome = 'lost') AS lost,
                   count(*) FILTER (WHERE c.attached) AS attached_closed,
                   count(*) FILTER (WHERE c.attached AND c.outcome = 'won') AS attached_won,
                   count(*) FILTER (WHERE c.outcome = 'won' AND c.value_minor IS NULL) AS unknown_amounts,
                   coalesce(sum(c.value_minor) FILTER (WHERE c.outcome = 'won'), 0) AS won_minor,
                   list_sort(list(c.value_minor) FILTER (WHERE c.outcome = 'won' AND c.value_minor IS NOT NULL))
                       AS won_values,
                   median(c.cycle_days) FILTER (WHERE c.outcome = 'won') AS median_cycle_days
            FROM members m JOIN closed c ON c.id = m.id
            GROUP BY m.dimension, m.key
        ),
        sized AS (SELECT *, coalesce(len(won_values), 0) AS known FROM grouped)
        SELECT * EXCLUDE (won_values, known),
               CAST(won_values[(known + 1) // 2] AS HUGEINT) + won_values[known // 2 + 1] AS median_twice_minor
        FROM sized
        ORDER BY dimension, key
        """,
    )


def attribution_mix(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Won deals and their amount per tier, per period and for the whole report ('all')."""
    return _rows(
        db,
        """
        SELECT period, tier, count(*) AS won, sum(value_minor) AS amount_minor,
               count(*) FILTER (WHERE value_minor IS NULL) AS unknown_amounts
        FROM (SELECT 'all' AS period, tier, value_minor FROM closed WHERE outcome = 'won'
              UNION ALL SELECT period, tier, value_minor FROM closed WHERE outcome = 'won')
        GROUP BY period, tier
        ORDER BY period, tier
        """,
    )


def open_pipeline(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Open deals per tier and stage: all counted, the known amounts summed, the unknown ones counted apart."""
    return _rows(
        db,
        """
        SELECT tier, stage, count(*) AS deals, sum(value_minor) AS amount_minor,
               count(*) FILTER (WHERE value_minor IS NULL) AS unknown_amounts
        FROM open_deals GROUP BY tier, stage ORDER BY tier, stage
        """,
    )


def partner_proof(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Per partner: won attributed deals, the first one's close date and the days since joining."""
    return _rows(
        db,
        """
        SELECT p.partner_id, p.name, p.type, p.joined_on,
               count(w.closed_on) AS won_deals,
               min(w.closed_on) AS first_won_on,
               date_diff('day', p.joined_on, min(w.closed_on)) AS days_to_first_deal
        FROM partners p LEFT JOIN partner_wins w ON w.partner_id = p.partner_id
        GROUP BY p.partner_id, p.name, p.type, p.joined_on
        ORDER BY won_deals DESC, p.name, p.partner_id
        """,
    )
