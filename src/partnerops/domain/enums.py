"""Closed sets of the vocabulary: partner types, lifecycle stages, outcomes, touches and tiers."""

from __future__ import annotations

from enum import StrEnum


class PartnerType(StrEnum):
    TECHNOLOGY = "technology"
    REFERRAL = "referral"
    RESELLER = "reseller"
    SI = "si"
    MSP = "msp"
    AGENCY = "agency"
    AFFILIATE = "affiliate"
    INFLUENCE = "influence"
    OEM = "oem"
    MARKETPLACE = "marketplace"


class LifecycleStage(StrEnum):
    RECRUIT = "recruit"
    ONBOARD = "onboard"
    ENABLE = "enable"
    CO_MARKET = "co_market"
    CO_SELL = "co_sell"
    REVIEW = "review"


class Outcome(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class TouchType(StrEnum):
    DEAL_REGISTRATION = "deal_registration"
    REFERRAL = "referral"
    EXECUTIVE_INTRO = "executive_intro"
    DECISION_MAKER_INTRO = "decision_maker_intro"
    DISCOVERY = "discovery"
    TECHNICAL_VALIDATION = "technical_validation"
    INTEGRATION = "integration"
    RFP_SUPPORT = "rfp_support"
    POC = "poc"
    JOINT_CALL = "joint_call"
    INTEL = "intel"
    VERBAL_RECOMMENDATION = "verbal_recommendation"
    MARKETPLACE_TRANSACTION = "marketplace_transaction"
    IMPLEMENTATION = "implementation"


class TouchStatus(StrEnum):
    CLAIMED = "claimed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Tier(StrEnum):
    """Attribution tier; the order of `RANK` is the order of precedence (highest wins)."""

    SOURCED = "sourced"
    CO_SELL = "co_sell"
    INFLUENCE = "influence"
    DIRECT = "direct"

    @property
    def rank(self) -> int:
        return TIER_RANK[self]


TIER_RANK: dict[Tier, int] = {Tier.SOURCED: 3, Tier.CO_SELL: 2, Tier.INFLUENCE: 1, Tier.DIRECT: 0}
