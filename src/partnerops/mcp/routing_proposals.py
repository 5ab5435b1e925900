"""Offering a lead to a partner through an agent: the offer lands proposed in the routing queue, marked as an
agent's, and reaches the partner only when a partner manager confirms it (its response SLA starts then)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from partnerops.mcp.callers import Caller
from partnerops.mcp.proposals import propose
from partnerops.mcp.read_tools import resolve
from partnerops.program.access import require_role
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import PROPOSERS, make_offer
from partnerops.routing.offers import Offer
from partnerops.routing.rules import load_rules

__all__ = ["offer_lead"]

PENDING_NOTE = "Nothing changes until a partner manager confirms the offer in the routing queue."


def offer_lead(engine: Engine, caller: Caller, lead: str, partner: str, kind: str, per_day: int) -> dict[str, Any]:
    """Propose offering LEAD (an open deal or an account) to PARTNER."""
    require_role(caller.principal, PROPOSERS, "proposing a lead for a partner")
    partner_id = resolve(engine, caller, "partner", partner)
    found: list[Offer] = []

    def create() -> int:
        with engine.begin() as conn:
            named = resolve_lead(conn, lead, kind or None)  # type: ignore[arg-type]
            found.append(make_offer(conn, caller.principal, named, partner_id, load_rules(), proposed=True))
        return found[0].id

    propose(engine, caller, "offer_lead", "routing_offer", per_day, create)
    offer = found[0]
    return {"proposed": "lead offer", "status": offer.status, "note": PENDING_NOTE,
            "offer": {"lead": offer.lead_ref, "lead_kind": offer.lead_kind, "lead_name": offer.lead_name,
                      "partner": offer.partner_ref, "partner_name": offer.partner_name, "status": offer.status}}
