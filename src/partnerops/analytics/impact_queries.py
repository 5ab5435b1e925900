"""The impact report's aggregations, in DuckDB SQL over frames of deals already priced in one currency.

Relations a caller registers: `closed` (id, outcome, tier, attached, period, value_minor, cycle_days),
`open_deals` (tier, stage, value_minor), `members` (dimension, key, label, id) and `partner_wins`
(partner_id, closed_on of each won deal the partner is attributed on).
Sums stay exact (DuckDB sums BIGINT into a 128-bit decimal); a median of money comes back as the sum of
its two middle values so the caller can halve it in Decimal.
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
    """Per (dimension, key): counts, the won amount, the doubled median deal size, the median cycle."""
    return _rows(
        db,
        """
        WITH grouped AS (
            SELECT m.dimension, m.key, any_value(m.label) AS label,
                   count(*) AS closed,
                   count(*) FILTER (WHERE c.outcome = 'won') AS won,
                   count(*) FILTER (WHERE c.outcome = 'lost') AS lost,
                   coalesce(sum(c.value_minor) FILTER (WHERE c.outcome = 'won'), 0) AS won_minor,
                   list_sort(list(c.value_minor) FILTER (WHERE c.outcome = 'won')) AS won_values,
                   median(c.cycle_days) FILTER (WHERE c.outcome = 'won') AS median_cycle_days
            FROM members m JOIN closed c ON c.id = m.id
            GROUP BY m.dimension, m.key
        )
        SELECT * EXCLUDE (won_values),
               CAST(won_values[(won + 1) // 2] AS HUGEINT) + won_values[won // 2 + 1] AS median_twice_minor
        FROM grouped
        ORDER BY dimension, key
        """,
    )


def attribution_mix(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Won deals and their amount per tier, per period and for the whole report ('all')."""
    return _rows(
        db,
        """
        SELECT period, tier, count(*) AS won, sum(value_minor) AS amount_minor
        FROM (SELECT 'all' AS period, tier, value_minor FROM closed WHERE outcome = 'won'
              UNION ALL SELECT period, tier, value_minor FROM closed WHERE outcome = 'won')
        GROUP BY period, tier
        ORDER BY period, tier
        """,
    )


def open_pipeline(db: duckdb.DuckDBPyConnection) -> list[Row]:
    """Open deals and their amount per tier and stage."""
    return _rows(
        db,
        """
        SELECT tier, stage, count(*) AS deals, sum(value_minor) AS amount_minor
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
