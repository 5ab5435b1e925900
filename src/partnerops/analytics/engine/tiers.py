"""Attribution tiers as Ibis expressions: the rule of `domain.tiers`, runnable on DuckDB or Spark.

It mirrors the DuckDB SQL of `analytics.tiers` step by step; a property test holds both to the reference rule.
Tables may carry `deleted_at`: a row with it set (a record its source deleted, or one the caller marks because
its account or partner was) takes no part, as `analytics.live` leaves such records out of the store's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import ibis

from partnerops.domain.enums import TIER_RANK, Tier, TouchStatus
from partnerops.domain.policy import AttributionPolicy

TIER_COLUMNS = ("opportunity_id", "partner_id", "tier", "evidence")
DELETED = "deleted_at"
EXPECTED_CLOSE = "expected_close_on"


def live_rows(table: ibis.Table) -> ibis.Table:
    """The rows not marked deleted (all of them when the table has no `deleted_at`)."""
    return table.filter(table[DELETED].isnull()) if DELETED in table.columns else table


def ibis_tiers(
    opportunities: ibis.Table, touches: ibis.Table, policy: AttributionPolicy, as_of: date | None = None
) -> ibis.Table:
    """One row per partner with a tier on an opportunity: opportunity_id, partner_id, tier, evidence.

    `opportunities` needs id, account_id, created_on, closed_on and may carry expected_close_on; `touches` needs
    id, partner_id, opportunity_id, type, status, touched_on. Touches dated after `as_of` do not count. Evidence
    lists touch ids ordered by date, then id.
    """
    opportunities, touches = live_rows(opportunities), live_rows(touches)
    counted = _counted(opportunities, touches, policy, as_of)
    sourced = _with_evidence(_sourcing(counted, opportunities, policy).group_by("opportunity_id", "partner_id"))
    sourced = sourced.mutate(tier=ibis.literal(Tier.SOURCED.value))
    engaged = _engaged(_qualifying(counted, policy), sourced, policy)
    return sourced.select(*TIER_COLUMNS).union(engaged.select(*TIER_COLUMNS))


def deal_tiers(opportunities: ibis.Table, partner_tiers: ibis.Table) -> ibis.Table:
    """The live `opportunities` with `tier`: the highest tier of any partner on it, else direct; and `attached`."""
    opportunities = live_rows(opportunities)
    rank = partner_tiers.tier.cases(*((t.value, rank) for t, rank in TIER_RANK.items()), else_=0)
    best = partner_tiers.group_by(id=partner_tiers.opportunity_id).agg(rank=rank.max())
    by_rank = ibis.cases(*((best.rank == r, t.value) for t, r in TIER_RANK.items()), else_=Tier.DIRECT.value)
    highest = best.select("id", deal_tier=by_rank)
    joined = opportunities.left_join(highest, "id").drop("id_right")
    with_tier = joined.mutate(tier=joined.deal_tier.fill_null(Tier.DIRECT.value)).drop("deal_tier")
    return with_tier.mutate(attached=with_tier.tier != Tier.DIRECT.value)


def _among(column: ibis.Value, values: Iterable[str]) -> ibis.Value:
    listed = list(values)
    return column.isin(listed) if listed else ibis.literal(False)


def _counted(
    opportunities: ibis.Table, touches: ibis.Table, policy: AttributionPolicy, as_of: date | None
) -> ibis.Table:
    expected = opportunities.expected_close_on if EXPECTED_CLOSE in opportunities.columns else ibis.null("date")
    spans = opportunities.select(
        opportunity_id=opportunities.id,
        account_id=opportunities.account_id,
        created_on=opportunities.created_on,
        closed_on=opportunities.closed_on,
        expected_close_on=expected,
    )
    counted = touches.filter(_among(touches.status, (s.value for s in policy.counted_statuses)))
    joined = _within_known_life(counted.rename(touch_id="id").join(spans, "opportunity_id"), as_of)
    before_close = joined.closed_on.isnull() | (joined.touched_on < joined.closed_on)
    if policy.window.include_close_date:
        before_close |= joined.touched_on == joined.closed_on
    return joined.mutate(before_close=before_close)


def _within_known_life(joined: ibis.Table, as_of: date | None) -> ibis.Table:
    """`domain.tiers.dated_within_known_life`: not in the future, and not after an open deal's expected close."""
    expected = joined.expected_close_on
    known = joined.closed_on.notnull() | expected.isnull() | (joined.touched_on <= expected)
    if as_of is not None:
        known &= joined.touched_on <= ibis.literal(as_of)
    return joined.filter(known)


def _sourcing(counted: ibis.Table, opportunities: ibis.Table, policy: AttributionPolicy) -> ibis.Table:
    rule = policy.sourced
    registration = [t.value for t in rule.registration_types]
    in_lookback = counted.touched_on >= counted.created_on - ibis.interval(days=rule.lookback_days)
    registered = counted.filter(
        in_lookback,
        _among(counted.type, registration),
        counted.status == TouchStatus.CONFIRMED.value,
        counted.before_close,
    )
    originated = counted.filter(
        in_lookback,
        _among(counted.type, (t.value for t in rule.origination_types)),
        ~_among(counted.type, registration),
        counted.touched_on <= counted.created_on,
    )
    if rule.require_no_open_opportunity:
        originated = _when_account_had_nothing_open(originated, opportunities)
    return registered.union(originated)


def _when_account_had_nothing_open(touches: ibis.Table, opportunities: ibis.Table) -> ibis.Table:
    """Touches on a day when no opportunity of the account was open (created before it, not closed before it)."""
    other = opportunities.select(
        other_account=opportunities.account_id,
        other_created=opportunities.created_on,
        other_closed=opportunities.closed_on,
    )
    return touches.anti_join(
        other,
        [
            touches.account_id == other.other_account,
            other.other_created < touches.touched_on,
            other.other_closed.isnull() | (touches.touched_on <= other.other_closed),
        ],
    )


def _qualifying(counted: ibis.Table, policy: AttributionPolicy) -> ibis.Table:
    start = counted.created_on - ibis.interval(days=policy.window.lookback_days)
    return counted.filter(
        _among(counted.type, (t.value for t in policy.qualifying_touch_types)),
        counted.touched_on >= start,
        counted.before_close,
    )


def _engaged(qualifying: ibis.Table, sourced: ibis.Table, policy: AttributionPolicy) -> ibis.Table:
    """Co-sell or influence for partners that did not source the deal, by their count of qualifying touches."""
    remaining = qualifying.anti_join(sourced, ["opportunity_id", "partner_id"])
    grouped = _with_evidence(remaining.group_by("opportunity_id", "partner_id"), touches=remaining.touch_id.count())
    tier = ibis.ifelse(grouped.touches >= policy.co_sell_threshold, Tier.CO_SELL.value, Tier.INFLUENCE.value)
    return grouped.filter(grouped.touches >= policy.influence_threshold).mutate(tier=tier)


def _with_evidence(grouped: ibis.expr.types.GroupedTable, **more: ibis.Value) -> ibis.Table:
    # Spark cannot order inside an aggregate, so collect (date, id) pairs, sort them, keep the ids.
    def evidence(table: ibis.Table) -> ibis.Value:
        pairs = ibis.struct({"touched_on": table.touched_on, "touch_id": table.touch_id}).collect().sort()
        return pairs.map(lambda pair: pair.touch_id)

    return grouped.aggregate(evidence=evidence, **more)
