"""For every tool, the calls a user of partner A makes to reach partner B's data (by B's names and ids)."""

from __future__ import annotations

from typing import Any

DEAL = {"company_name": "Cherry Prospect", "estimated_amount": "25000", "currency": "USD",
        "estimated_close_on": "2026-09-30", "domain": "cherry.example"}  # fmt: skip
MDF = {"title": "Joint webinar", "plan": "A webinar for Banana Corp's team", "budget": "1000", "currency": "USD",
       "period": "2026-Q3", "starts_on": "2026-07-01", "ends_on": "2026-07-31"}  # fmt: skip
TOUCH = {"touch_type": "joint_call", "touched_on": "2026-03-03", "passage": "Bravo joined the call on Banana"}

PROBES: dict[str, list[dict[str, Any]]] = {
    "find_partners": [{}, {"query": "Bravo"}],
    "find_accounts": [{}, {"query": "Banana"}, {"query": "Cherry"}],
    "find_opportunities": [{}, {"query": "Banana"}, {"partner": "PARTNER-BRAVO"}, {"partner": "Bravo Partners"}],
    "explain_attribution": [{"opportunity": "OPP-BANANA"}, {"opportunity": "OS-1"}, {"opportunity": "Banana renewal"}],
    "impact_report": [{}],
    "ecosystem_report": [{}],
    "co_sell_targets": [{}, {"partner": "PARTNER-BRAVO"}, {"category": "shared_customers"},
                        {"category": "white_space"}],
    "partner_pipeline": [{}, {"partner": "PARTNER-BRAVO"}],
    "partner_money": [{}, {"partner": "PARTNER-BRAVO"}],
    "deal_signals": [{"opportunity": "OPP-BANANA"}, {"opportunity": "OS-1"}],
    "search_documents": [{"question": "Bravo secret roadshow"}, {"question": "bravo-mdf-plan"}],
    "register_deal": [DEAL | {"partner": "PARTNER-BRAVO"}, DEAL],
    "propose_touch": [TOUCH | {"opportunity": "OPP-BANANA"},
                      TOUCH | {"opportunity": "OS-1", "partner": "PARTNER-BRAVO"}],
    "propose_tier_change": [{"partner": "PARTNER-BRAVO", "tier": "Gold", "reason": "they asked"}],
    "draft_mdf_request": [MDF | {"partner": "PARTNER-BRAVO"}],
    "offer_lead": [{"lead": "ACCT-ROUTE-BRAVO", "partner": "PARTNER-BRAVO"}, {"lead": "OS-1", "partner": "PA"},
                   {"lead": "ACCT-ROUTE-OPEN", "partner": "PARTNER-BRAVO", "kind": "account"}],
    "my_proposals": [{}],
}


def sent_texts(arguments: dict[str, Any]) -> list[str]:
    """The texts the caller itself sent: an answer may repeat them (\"no partner 'PARTNER-BRAVO'\")."""
    return sorted((str(v) for v in arguments.values() if isinstance(v, str) and v), key=len, reverse=True)
