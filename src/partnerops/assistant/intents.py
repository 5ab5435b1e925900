"""Intent routing: a question about the asker's own records goes to a scoped query, anything else to the
program documents. Rules are tried in order; the first that matches decides."""

from __future__ import annotations

import re

from partnerops.assistant.answers import Intent

# "registration 12", "deal #7", "opportunity no. 3": records named by their number.
REGISTRATION_NUMBER = re.compile(r"\bregistration\s*(?:#|no\.?|number|id)?\s*(\d+)", re.IGNORECASE)
DEAL_NUMBER = re.compile(r"\b(?:deal|opportunity|opp)\s*(?:#|no\.?|number|id)?\s*(\d+)", re.IGNORECASE)

_RULES: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern, re.IGNORECASE))
    for intent, pattern in (
        (Intent.RECOMMEND, r"\b(recommend|which partners?|what partners?|suggest)\b.*\b(deal|opportunity|opp|bring)"),
        (Intent.REFERRAL_LINK, r"^(?!.*\b(can|may|allowed|should)\b).*(\b(referral|affiliate|tracking)\s+"
                               r"(link|url|code)\b|\bmy\s+(link|url)\b)"),
        (Intent.CHANGES, r"\bwhat(?:'s| has| is)?\s+(changed|new|happened)\b|\bsince last week\b|\bchanges\b"),
        (Intent.QUARTER_PIPELINE, r"\bpipeline\b.*\b(this|current)\s+quarter\b|\bquarter'?s?\b.*\bpipeline\b"),
        (Intent.DISPUTES, r"\b(my|open|any)\b.*\bdisputes?\b|\bdisputes?\b.*\b(open|mine|i have)\b"),
        (Intent.COMMISSIONS, r"\b(my|i|we|our|me)\b.*\b(commissions?|payouts?|earned)\b"
                             r"|\b(next|upcoming)\s+payout\b|\bhow much (have|did) (i|we)\b.*\b(earn|been paid)"),
        (Intent.MDF_BALANCE, r"\b(my|our)\b.*\b(mdf|market development funds?|funds)\b.*\b(balance|left|remaining|"
                             r"have|available)\b|\bmdf\s+balance\b"),
        (Intent.TIER, r"\b(my|our)\s+(partner\s+)?tier\b(?!'s)|\b(what|which) tier\b|\bnext tier\b"),
        (Intent.RECORD_STATUS, r"\bstatus\b|\bwhere (is|are)\b|\bwhat happened to\b|\b(registration|deal|"
                               r"opportunity|opp)\s*(#|no\.?|number|id)?\s*\d+|\b(approved|rejected|expired)\?"),
        (Intent.ATTRIBUTED, r"\b(my|our)\s+(attributed\s+)?(pipeline|wins|won deals|deals)\b|\battributed\b"),
    )
)


def route(question: str) -> Intent:
    """The intent of `question`; open questions go to the documents."""
    return next((intent for intent, pattern in _RULES if pattern.search(question)), Intent.DOCUMENTS)
