"""The attribution tier rule for one opportunity, exactly as DESIGN.md defines it.

This is the reference implementation; the vectorised engine in `analytics.tiers` must agree with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from partnerops.domain.enums import Tier, TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy


@dataclass(frozen=True)
class TouchFact:
    touch_id: int
    partner_id: int
    type: TouchType
    date: date
    status: TouchStatus


@dataclass(frozen=True)
class OpportunitySpan:
    """When an opportunity was open: from its creation to its close (None while still open); an open deal may
    carry its expected close."""

    created: date
    closed: date | None
    expected_close: date | None = None

    def is_open_on(self, day: date) -> bool:
        # Open on a day strictly after creation up to and including the close date, so that a
        # referral made on the day a deal is created can still source it.
        return self.created < day and (self.closed is None or day <= self.closed)


@dataclass(frozen=True)
class PartnerAttribution:
    partner_id: int
    tier: Tier
    evidence: tuple[TouchFact, ...] = field(default=())

    def explain(self, partner_name: str) -> str:
        cited = ", ".join(f"{t.type.value} {t.date.isoformat()}" for t in self.evidence)
        return f"{partner_name}: {self.tier.value.replace('_', '-')} — {cited}"


def attribute_opportunity(
    opportunity: OpportunitySpan,
    touches: Iterable[TouchFact],
    account_opportunities: Sequence[OpportunitySpan],
    policy: AttributionPolicy,
    as_of: date | None = None,
) -> list[PartnerAttribution]:
    """Each partner's tier on one opportunity (partners with no counted touch are left out).

    `account_opportunities` are all opportunities of the account, this one included. `as_of` is the run's
    "today": a touch dated after it is not counted (None: no touch is in the future).
    """
    by_partner: dict[int, list[TouchFact]] = {}
    for touch in touches:
        if touch.status in policy.counted_statuses and dated_within_known_life(touch.date, opportunity, as_of):
            by_partner.setdefault(touch.partner_id, []).append(touch)
    results = []
    for partner_id, partner_touches in sorted(by_partner.items()):
        ordered = sorted(partner_touches, key=lambda t: (t.date, t.touch_id))
        result = _partner_tier(partner_id, ordered, opportunity, account_opportunities, policy)
        if result is not None:
            results.append(result)
    return results


def opportunity_tier(attributions: Iterable[PartnerAttribution]) -> Tier:
    """The highest tier of any partner on the opportunity; direct when there is none."""
    return max((a.tier for a in attributions), key=lambda t: t.rank, default=Tier.DIRECT)


def _partner_tier(
    partner_id: int,
    touches: list[TouchFact],
    opportunity: OpportunitySpan,
    account_opportunities: Sequence[OpportunitySpan],
    policy: AttributionPolicy,
) -> PartnerAttribution | None:
    sourcing = [t for t in touches if _sources(t, opportunity, account_opportunities, policy)]
    if sourcing:
        return PartnerAttribution(partner_id, Tier.SOURCED, tuple(sourcing))
    qualifying = [t for t in touches if _qualifies(t, opportunity, policy)]
    if len(qualifying) >= policy.co_sell_threshold:
        return PartnerAttribution(partner_id, Tier.CO_SELL, tuple(qualifying))
    if len(qualifying) >= policy.influence_threshold:
        return PartnerAttribution(partner_id, Tier.INFLUENCE, tuple(qualifying))
    return None


def dated_within_known_life(day: date, opportunity: OpportunitySpan, as_of: date | None) -> bool:
    """A touch can count only when it has happened (on or before `as_of`) and, on an open deal, on or before the
    deal's expected close. The DuckDB SQL of `analytics.tiers` and the Ibis of `analytics.engine.tiers` apply the
    same clause to every touch before any tier rule."""
    if as_of is not None and day > as_of:
        return False
    expected = opportunity.expected_close
    return opportunity.closed is not None or expected is None or day <= expected


def _qualifies(touch: TouchFact, opportunity: OpportunitySpan, policy: AttributionPolicy) -> bool:
    if touch.type not in policy.qualifying_touch_types or touch.status not in policy.counted_statuses:
        return False
    start = opportunity.created - timedelta(days=policy.window.lookback_days)
    return start <= touch.date and _before_close(touch.date, opportunity.closed, policy)


def _before_close(day: date, closed: date | None, policy: AttributionPolicy) -> bool:
    if closed is None:
        return True
    return day <= closed if policy.window.include_close_date else day < closed


def _sources(
    touch: TouchFact,
    opportunity: OpportunitySpan,
    account_opportunities: Sequence[OpportunitySpan],
    policy: AttributionPolicy,
) -> bool:
    rule = policy.sourced
    earliest = opportunity.created - timedelta(days=rule.lookback_days)
    if touch.date < earliest:
        return False
    if touch.type in rule.registration_types:
        # Only an approved (confirmed) registration sources a deal, whatever count_unconfirmed says.
        return touch.status is TouchStatus.CONFIRMED and _before_close(touch.date, opportunity.closed, policy)
    if touch.type not in rule.origination_types:
        return False
    if touch.date > opportunity.created:
        return False
    return not (
        rule.require_no_open_opportunity and any(o.is_open_on(touch.date) for o in account_opportunities)
    )


def why_not_counted(
    touch: TouchFact, opportunity: OpportunitySpan, policy: AttributionPolicy, as_of: date | None = None
) -> str | None:
    """Why a touch cannot count towards any tier, in words a sales rep would accept; None when it could."""
    if touch.status is TouchStatus.REJECTED:
        return "rejected by sales"
    if touch.status not in policy.counted_statuses:
        return "not confirmed yet (this policy counts confirmed touches only)"
    if as_of is not None and touch.date > as_of:
        return f"dated in the future (after {as_of.isoformat()}, the day of the attribution run)"
    if not dated_within_known_life(touch.date, opportunity, as_of):
        assert opportunity.expected_close is not None  # only an open deal's expected close is left to fail
        return f"dated after the open opportunity's expected close ({opportunity.expected_close.isoformat()})"
    if touch.type not in policy.qualifying_touch_types:
        return f"{touch.type.value} is not a qualifying touch type in this policy"
    if not _before_close(touch.date, opportunity.closed, policy):
        return "dated after the opportunity closed"
    if touch.date < opportunity.created - timedelta(days=policy.window.lookback_days):
        return "dated before the opportunity was created (outside the look-back)"
    return None
