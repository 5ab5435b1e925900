"""What each kind of partner does on a deal, and the notes sales leave as evidence."""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.domain.enums import PartnerType, TouchStatus
from partnerops.domain.enums import TouchType as T

# Touches a partner of each type does while a deal is open. No deal registrations here: a confirmed
# registration would source the deal, so only sourced deals get one.
WORKING_TOUCHES: dict[PartnerType, tuple[T, ...]] = {
    PartnerType.TECHNOLOGY: (T.INTEGRATION, T.TECHNICAL_VALIDATION, T.JOINT_CALL, T.POC, T.INTEL, T.EXECUTIVE_INTRO),
    PartnerType.REFERRAL: (T.DECISION_MAKER_INTRO, T.INTEL, T.VERBAL_RECOMMENDATION, T.JOINT_CALL, T.REFERRAL,
                           T.EXECUTIVE_INTRO),
    PartnerType.RESELLER: (T.JOINT_CALL, T.DISCOVERY, T.RFP_SUPPORT, T.POC, T.TECHNICAL_VALIDATION,
                           T.DECISION_MAKER_INTRO),
    PartnerType.SI: (T.DISCOVERY, T.TECHNICAL_VALIDATION, T.RFP_SUPPORT, T.POC, T.IMPLEMENTATION, T.JOINT_CALL),
    PartnerType.MSP: (T.DISCOVERY, T.JOINT_CALL, T.TECHNICAL_VALIDATION, T.IMPLEMENTATION, T.INTEL, T.POC),
    PartnerType.AGENCY: (T.DISCOVERY, T.JOINT_CALL, T.INTEL, T.VERBAL_RECOMMENDATION, T.DECISION_MAKER_INTRO,
                         T.RFP_SUPPORT),
    PartnerType.AFFILIATE: (T.VERBAL_RECOMMENDATION, T.INTEL, T.JOINT_CALL, T.DECISION_MAKER_INTRO, T.DISCOVERY,
                            T.REFERRAL),
    PartnerType.INFLUENCE: (T.VERBAL_RECOMMENDATION, T.EXECUTIVE_INTRO, T.INTEL, T.DECISION_MAKER_INTRO,
                            T.JOINT_CALL, T.RFP_SUPPORT),
    PartnerType.OEM: (T.INTEGRATION, T.TECHNICAL_VALIDATION, T.POC, T.JOINT_CALL, T.INTEL, T.DISCOVERY),
    PartnerType.MARKETPLACE: (T.MARKETPLACE_TRANSACTION, T.JOINT_CALL, T.INTEL, T.TECHNICAL_VALIDATION,
                              T.DISCOVERY, T.POC),
}
# Touches that originate a deal when made before it exists (and the account has nothing open).
ORIGINATING_TOUCHES = (T.REFERRAL, T.EXECUTIVE_INTRO)
# Touches logged before a deal exists that can never source it.
EARLY_TOUCHES = (T.INTEL, T.DISCOVERY, T.JOINT_CALL, T.VERBAL_RECOMMENDATION)

EVIDENCE: dict[T, str] = {
    T.DEAL_REGISTRATION: "Registration form submitted in the partner portal",
    T.REFERRAL: "Warm introduction by email to the buying team",
    T.EXECUTIVE_INTRO: "Introduced our CRO to the customer's COO",
    T.DECISION_MAKER_INTRO: "Intro to the VP who owns the budget",
    T.DISCOVERY: "Joint discovery workshop, notes in the deal room",
    T.TECHNICAL_VALIDATION: "Architecture review signed off by the customer's IT lead",
    T.INTEGRATION: "Connector demo against the customer's sandbox",
    T.RFP_SUPPORT: "Answered the security section of the RFP",
    T.POC: "Ran the proof of concept; success criteria met",
    T.JOINT_CALL: "Joint call with the account executive",
    T.INTEL: "Shared org chart and the competing bid",
    T.VERBAL_RECOMMENDATION: "Recommended us on the customer's shortlist call",
    T.MARKETPLACE_TRANSACTION: "Private offer accepted on the cloud marketplace",
    T.IMPLEMENTATION: "Kick-off of the implementation project",
}


def working_types(rng: np.random.Generator, partner_types: np.ndarray) -> np.ndarray:
    """For each partner type index (in PartnerType order), one working touch type drawn from its style."""
    table = np.array([[t.value for t in WORKING_TOUCHES[p]] for p in PartnerType])
    drawn: np.ndarray = table[partner_types, rng.integers(0, table.shape[1], size=partner_types.size)]
    return drawn


def pick(rng: np.random.Generator, choices: tuple[T, ...], size: int) -> np.ndarray:
    return np.array([t.value for t in choices])[rng.integers(0, len(choices), size=size)]


def touch_frame(rows: pl.DataFrame, types: np.ndarray, dates: np.ndarray, status: TouchStatus) -> pl.DataFrame:
    return pl.DataFrame({
        "deal_index": rows["deal_index"],
        "partner_index": rows["partner_index"],
        "type": pl.Series(types, dtype=pl.String),
        "touched_on": pl.Series(dates, dtype=pl.Datetime("ms")).cast(pl.Date),
    }).with_columns(status=pl.lit(status.value))
