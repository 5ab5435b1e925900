"""Attribution tiers for every opportunity at once, in DuckDB: the vectorised twin of `domain.tiers`."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from partnerops.domain.policy import AttributionPolicy

TIER_COLUMNS = pl.Schema(
    {
        "opportunity_id": pl.Int64(),
        "partner_id": pl.Int64(),
        "tier": pl.String(),
        "evidence": pl.List(pl.Int64()),
    }
)

# Parameters: $counted, $registration, $origination, $qualifying (lists of strings), $source_lookback,
# $lookback (days), $through_close (bool) and $as_of (a date or null). The open-opportunity clause is added when the
# policy asks. The last two conditions of `counted` are `domain.tiers.dated_within_known_life`.
_SQL = """
WITH counted AS (
    SELECT t.id, t.partner_id, t.opportunity_id, t.type, t.status, t.touched_on,
           o.account_id, o.created_on, o.closed_on,
           o.closed_on IS NULL
             OR t.touched_on < o.closed_on
             OR ($through_close AND t.touched_on = o.closed_on) AS before_close
    FROM touches t JOIN opportunities o ON o.id = t.opportunity_id
    WHERE list_contains($counted, t.status)
      AND (CAST($as_of AS DATE) IS NULL OR t.touched_on <= CAST($as_of AS DATE))
      AND (o.closed_on IS NOT NULL OR o.expected_close_on IS NULL OR t.touched_on <= o.expected_close_on)
),
sourcing AS (
    SELECT c.* FROM counted c
    WHERE c.touched_on >= c.created_on - to_days(CAST($source_lookback AS INTEGER))
      AND (
        (list_contains($registration, c.type) AND c.status = 'confirmed' AND c.before_close)
        OR (list_contains($origination, c.type) AND NOT list_contains($registration, c.type)
            AND c.touched_on <= c.created_on {no_open_clause})
      )
),
qualifying AS (
    SELECT c.* FROM counted c
    WHERE list_contains($qualifying, c.type)
      AND c.touched_on >= c.created_on - to_days(CAST($lookback AS INTEGER))
      AND c.before_close
),
sourced AS (
    SELECT opportunity_id, partner_id, 'sourced' AS tier, list(id ORDER BY touched_on, id) AS evidence
    FROM sourcing GROUP BY opportunity_id, partner_id
),
engaged AS (
    SELECT q.opportunity_id, q.partner_id,
           CASE WHEN count(*) >= $co_sell THEN 'co_sell' ELSE 'influence' END AS tier,
           list(q.id ORDER BY q.touched_on, q.id) AS evidence
    FROM qualifying q ANTI JOIN sourced s USING (opportunity_id, partner_id)
    GROUP BY q.opportunity_id, q.partner_id
    HAVING count(*) >= $influence
)
SELECT opportunity_id, partner_id, tier, evidence FROM sourced
UNION ALL
SELECT opportunity_id, partner_id, tier, evidence FROM engaged
ORDER BY opportunity_id, partner_id
"""

_NO_OPEN_CLAUSE = """
            AND NOT EXISTS (
                SELECT 1 FROM opportunities other
                WHERE other.account_id = c.account_id
                  AND other.created_on < c.touched_on
                  AND (other.closed_on IS NULL OR c.touched_on <= other.closed_on))"""


def attribution_tiers(
    opportunities: pl.DataFrame, touches: pl.DataFrame, policy: AttributionPolicy, as_of: date | None = None
) -> pl.DataFrame:
    """One row per partner with a tier on an opportunity: opportunity_id, partner_id, tier, evidence (touch ids).

    `opportunities` needs id, account_id, created_on, closed_on and may carry expected_close_on; `touches` needs
    id, partner_id, opportunity_id, type, status, touched_on. Touches dated after `as_of` do not count. Pass live
    records only (`analytics.live`): every opportunity given counts as a deal that was open on the account, so a
    deleted one would stop a referral from sourcing.
    """
    clause = _NO_OPEN_CLAUSE if policy.sourced.require_no_open_opportunity else ""
    with duckdb.connect() as connection:
        connection.register("opportunities", with_expected_close(opportunities))
        connection.register(
            "touches", touches.select("id", "partner_id", "opportunity_id", "type", "status", "touched_on")
        )
        query = connection.sql(_SQL.format(no_open_clause=clause), params={**_parameters(policy), "as_of": as_of})
        result = pl.DataFrame(query.to_arrow_table())
    return result.cast(TIER_COLUMNS) if result.height else pl.DataFrame(schema=TIER_COLUMNS)


def with_expected_close(opportunities: pl.DataFrame) -> pl.DataFrame:
    """The columns the tier rule reads, with expected_close_on null when the frame has none."""
    if "expected_close_on" not in opportunities.columns:
        opportunities = opportunities.with_columns(expected_close_on=pl.lit(None, pl.Date))
    return opportunities.select("id", "account_id", "created_on", "closed_on", "expected_close_on")


def _parameters(policy: AttributionPolicy) -> dict[str, object]:
    return {
        "counted": [s.value for s in policy.counted_statuses],
        "registration": [t.value for t in policy.sourced.registration_types],
        "origination": [t.value for t in policy.sourced.origination_types],
        "qualifying": [t.value for t in policy.qualifying_touch_types],
        "source_lookback": policy.sourced.lookback_days,
        "lookback": policy.window.lookback_days,
        "through_close": policy.window.include_close_date,
        "co_sell": policy.co_sell_threshold,
        "influence": policy.influence_threshold,
    }
