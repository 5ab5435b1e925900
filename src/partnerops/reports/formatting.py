"""How report figures read as text: percentages with intervals, ratios, money, tier names."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from partnerops.analytics.impact_dimensions import DIMENSION_NAMES, Dimension
from partnerops.analytics.stats import SMALL_SAMPLE, Interval
from partnerops.domain.money import Money

TIER_LABELS = {"sourced": "sourced", "co_sell": "co-sell", "influence": "influence", "direct": "direct"}
SMALL_SAMPLE_NOTE = (
    f"fewer than {SMALL_SAMPLE} closed deals: treat that rate as a rough indication, its interval is wide."
)
DIMENSION_TITLES: dict[Dimension, str] = DIMENSION_NAMES
# The breakdowns the terminal and the page show unless asked for fewer: the partner ones first.
TERMINAL_DIMENSIONS: tuple[Dimension, ...] = (
    "tier", "partner_type", "partner", "period", "segment", "region", "owner", "owner_team", "product", "deal_type"
)  # fmt: skip


def tier_label(tier: str) -> str:
    return TIER_LABELS.get(tier, tier)


def percent(interval: Interval) -> str:
    """'62.5% (95% CI 40.1–80.2%)', or the reason the rate is undefined."""
    if interval.value is None:
        return f"n/a ({interval.undefined})"
    return f"{interval.value:.1%} (95% CI {_bound(interval.low, '.1%')}–{_bound(interval.high, '.1%')})"


def ratio(interval: Interval) -> str:
    """'2.40× (95% CI 1.31–4.40×)', or the reason the ratio is undefined."""
    if interval.value is None:
        return f"n/a ({interval.undefined})"
    return f"{interval.value:.2f}× (95% CI {_bound(interval.low, '.2f')}–{_bound(interval.high, '.2f')}×)"


def percent_short(interval: Interval) -> str:
    """'62.5% (40.1–80.2)' for narrow terminals; 'n/a' when undefined."""
    if interval.value is None:
        return "n/a"
    return f"{interval.value:.1%} ({_bound(interval.low, '.1%')[:-1]}–{_bound(interval.high, '.1%')[:-1]})"


def ratio_short(interval: Interval) -> str:
    """'2.40× (1.31–4.40)' for narrow terminals; 'n/a' when undefined."""
    if interval.value is None:
        return "n/a"
    return f"{interval.value:.2f}× ({_bound(interval.low, '.2f')}–{_bound(interval.high, '.2f')})"


def _bound(bound: float | None, spec: str) -> str:
    return "∞" if bound is None else format(bound, spec)


def money(amount: Money | None) -> str:
    return "–" if amount is None else str(amount)


def amount(value: Money | None) -> str:
    """The number only, for tables whose title names the currency."""
    return "–" if value is None else str(value).rsplit(" ", 1)[0]


def amount_with_unknown(value: Money, unknown: int) -> str:
    """A sum's number, followed by how many deals it left out for an unknown amount ('1,200.00 +2 unknown')."""
    return amount(value) if not unknown else f"{amount(value)} +{unknown} unknown"


def days(value: float | int | None) -> str:
    return "–" if value is None else f"{value:g} d"


def money_interval(estimate: Money | None, low: Money | None, high: Money | None, undefined: str | None) -> str:
    """'120,000.00 USD (95% CI 80,000.00–160,000.00)', or why there is no estimate."""
    if estimate is None or low is None or high is None:
        return f"n/a ({undefined})"
    return f"{estimate} (95% CI {amount(low)}–{amount(high)})"


def quartiles(low: float | None, median: float | None, high: float | None) -> str:
    """'median 84 d (quartiles 40–130 d)', or '–' without values."""
    if median is None or low is None or high is None:
        return "–"
    return f"median {median:g} d (quartiles {low:g}–{high:g} d)"


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def json_document(tree: object) -> str:
    """A report tree as indented JSON: money as exact decimal strings, dates in ISO form, never floats."""
    return json.dumps(tree, default=_json_value, indent=2, ensure_ascii=False)


def _json_value(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
