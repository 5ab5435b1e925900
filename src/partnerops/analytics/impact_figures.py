"""Turning the impact report's aggregate rows into its frozen figures: intervals, Money, cautions."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from partnerops.analytics.impact_dimensions import DIMENSION_NAMES, DIMENSIONS, UNKNOWN_GROUP, WITHIN_GROUP
from partnerops.analytics.impact_model import (
    Comparison,
    MixRow,
    PartnerProof,
    PipelineRow,
    Segment,
)
from partnerops.analytics.impact_queries import Row
from partnerops.analytics.stats import Interval, small_sample_caution, uplift, win_rate
from partnerops.domain.enums import TIER_RANK, Tier
from partnerops.domain.money import Money, minor_digits

TIER_ORDER: tuple[str, ...] = tuple(t.value for t in sorted(TIER_RANK, key=lambda t: -t.rank))


class FigureBuilder:
    """Builds figures in one reporting currency."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._quantum = Decimal(1).scaleb(-minor_digits(currency))

    def money(self, minor: int | Decimal | None) -> Money:
        return Money.from_minor(int(minor or 0), self.currency)

    def _minor_quotient(self, numerator: int | Decimal, denominator: int) -> Money:
        """numerator / denominator minor units, rounded half-even to the currency's minor unit."""
        amount = (Decimal(int(numerator)) / denominator).scaleb(-minor_digits(self.currency))
        return Money(amount.quantize(self._quantum, rounding=ROUND_HALF_EVEN), self.currency)

    def comparisons(self, rows: list[Row]) -> tuple[Comparison, tuple[Comparison, ...]]:
        counts = {(r["scope"], r["attached"]): (int(r["won"]), int(r["closed"])) for r in rows}
        scopes = sorted({scope for scope, _ in counts} - {"all"})
        overall = comparison("all", counts)
        return overall, tuple(comparison(scope, counts) for scope in scopes)

    def segments(self, rows: list[Row], overall: Comparison, by_period: tuple[Comparison, ...]) -> tuple[Segment, ...]:
        periods = {c.scope: c for c in by_period}
        built = [self._segment(row, overall, periods) for row in rows]
        return tuple(sorted(built, key=_segment_order))

    def _segment(self, row: Row, overall: Comparison, periods: dict[str, Comparison]) -> Segment:
        won, closed, unknown = int(row["won"]), int(row["closed"]), int(row["unknown_amounts"])
        dimension, label = row["dimension"], str(row["label"])
        within = _within(row, periods)
        known = won - unknown  # sizes are over won deals whose amount is known
        return Segment(
            dimension=dimension,
            key=row["key"],
            label=label,
            closed=closed,
            won=won,
            lost=int(row["lost"]),
            win_rate=win_rate(won, closed),
            uplift=within.uplift if within else _segment_uplift(dimension, row["key"], won, closed, overall),
            won_amount=self.money(row["won_minor"]),
            mean_deal_size=self._minor_quotient(row["won_minor"], known) if known else None,
            median_deal_size=self._minor_quotient(row["median_twice_minor"], 2) if known else None,
            median_cycle_days=row["median_cycle_days"],
            caution=small_sample_caution(closed, f"{DIMENSION_NAMES[dimension]} {label}"),
            comparison=within,
            unknown_amounts=unknown,
        )

    def mix(self, rows: list[Row]) -> tuple[MixRow, ...]:
        found = {(r["period"], r["tier"]): r for r in rows}
        periods = ["all", *sorted({period for period, _ in found} - {"all"})]
        return tuple(
            self._mix_row(period, tier, found.get((period, tier))) for period in periods for tier in TIER_ORDER
        )

    def _mix_row(self, period: str, tier: str, row: Row | None) -> MixRow:
        if row is None:
            return MixRow(period, tier, 0, self.money(0))
        return MixRow(period, tier, int(row["won"]), self.money(row["amount_minor"]), int(row["unknown_amounts"]))

    def pipeline(self, rows: list[Row]) -> tuple[PipelineRow, ...]:
        built = [
            PipelineRow(
                r["tier"], r["stage"], int(r["deals"]), self.money(r["amount_minor"]), int(r["unknown_amounts"])
            )
            for r in rows
        ]
        return tuple(sorted(built, key=lambda p: (TIER_ORDER.index(p.tier), p.stage)))

    def partners(self, rows: list[Row]) -> tuple[PartnerProof, ...]:
        return tuple(
            PartnerProof(
                partner_id=int(r["partner_id"]),
                name=r["name"],
                type=r["type"],
                won_deals=int(r["won_deals"]),
                joined_on=r["joined_on"],
                first_won_on=r["first_won_on"],
                days_to_first_deal=None if r["days_to_first_deal"] is None else int(r["days_to_first_deal"]),
            )
            for r in rows
        )


def _segment_order(segment: Segment) -> tuple[int, int, str]:
    """Dimensions in report order; tiers by precedence; everything else by its label, "unknown" last."""
    dimension = DIMENSIONS.index(segment.dimension)
    rank = TIER_ORDER.index(segment.key) if segment.dimension == "tier" else int(segment.key == UNKNOWN_GROUP)
    return dimension, rank, segment.label


def _within(row: Row, periods: dict[str, Comparison]) -> Comparison | None:
    """Partner-attached against direct deals inside the group, for the breakdowns over every closed deal."""
    dimension = row["dimension"]
    if dimension not in WITHIN_GROUP:
        return None
    if dimension == "period":
        return periods[row["key"]]
    attached = (int(row["attached_won"]), int(row["attached_closed"]))
    direct = (int(row["won"]) - attached[0], int(row["closed"]) - attached[1])
    scope = f"{DIMENSION_NAMES[dimension]} {row['label']}"
    return comparison(scope, {(scope, True): attached, (scope, False): direct})


def comparison(scope: str, counts: dict[tuple[str, bool], tuple[int, int]]) -> Comparison:
    """Attached against direct in one scope, from {(scope, attached): (won, closed)} counts."""
    attached_won, attached_closed = counts.get((scope, True), (0, 0))
    direct_won, direct_closed = counts.get((scope, False), (0, 0))
    where = "overall" if scope == "all" else scope
    cautions = (
        small_sample_caution(attached_closed, f"Partner-attached deals ({where})"),
        small_sample_caution(direct_closed, f"Direct deals ({where})"),
    )
    return Comparison(
        scope=scope,
        attached_closed=attached_closed,
        attached_won=attached_won,
        direct_closed=direct_closed,
        direct_won=direct_won,
        win_rate_attached=win_rate(attached_won, attached_closed),
        win_rate_direct=win_rate(direct_won, direct_closed),
        uplift=uplift(attached_won, attached_closed, direct_won, direct_closed),
        cautions=tuple(c for c in cautions if c),
    )


def _segment_uplift(dimension: str, key: str, won: int, closed: int, overall: Comparison) -> Interval:
    """A tier's, partner type's or partner's win rate over the direct win rate."""
    if dimension == "tier" and key == Tier.DIRECT.value:
        return Interval.missing("direct deals are the baseline")
    return uplift(won, closed, overall.direct_won, overall.direct_closed)
