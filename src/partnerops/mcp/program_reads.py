"""Read tools over attribution, account mapping, commissions and MDF, through the feature services the API's
routes call, with the caller's principal: a deal's explanation, overlap within the sharing level, and a partner's
money (commissions at a glance, MDF balance and requests)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from partnerops.attribution.explain import Explanation, explain_opportunity
from partnerops.commissions.access import commission_partner
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.roles import Principal
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter
from partnerops.mapping.sharing import visible_overlap
from partnerops.mcp.callers import Caller
from partnerops.mcp.refs import visible_id
from partnerops.mcp.shapes import partner_names, plain
from partnerops.program import mdf, mdf_requests
from partnerops.store.tables import opportunities

__all__ = ["explain_attribution", "overlap", "partner_money"]


def explain_attribution(engine: Engine, caller: Caller, opportunity: str) -> dict[str, Any]:
    """Why a deal has its tier, showing a partner user only its own partner's part (as the API does)."""
    principal = caller.principal
    with engine.connect() as conn:
        deal = visible_id(conn, principal, "opportunity", opportunity)
        row = conn.execute(select(opportunities.c.external_id, opportunities.c.source_system)
                           .where(opportunities.c.id == deal)).one()  # fmt: skip
    found = explain_opportunity(engine, row.external_id, source_system=row.source_system)
    with engine.connect() as conn:
        ids = {a.partner_id for _, a in found.partners} | {i.touch.partner_id for i in found.ignored}
        names = partner_names(conn, ids)
    return _explained(found, principal, names)


def _explained(found: Explanation, principal: Principal, names: dict[int, str]) -> dict[str, Any]:
    partners = [{"partner": names[a.partner_id], "partner_name": name, "tier": a.tier.value,
                 "evidence": [t.touch_id for t in a.evidence], "explanation": a.explain(name)}
                for name, a in found.partners if principal.may_see_partner(a.partner_id)]  # fmt: skip
    not_counted = [{"partner": names[i.touch.partner_id], "partner_name": i.partner, "touch_id": i.touch.touch_id,
                    "type": i.touch.type.value, "touched_on": i.touch.date.isoformat(), "reason": i.reason}
                   for i in found.ignored if principal.may_see_partner(i.touch.partner_id)]  # fmt: skip
    return {"opportunity": found.external_id, "tier": None if principal.is_partner else found.tier.value,
            "policy_version": found.policy_version, "policy_digest": found.policy_digest, "partners": partners,
            "not_counted": not_counted}  # fmt: skip


def overlap(engine: Engine, caller: Caller, partner_id: int, category: OverlapCategory) -> dict[str, Any]:
    """The partner's account overlap as far as its sharing level lets the caller see it."""
    with engine.connect() as conn:
        view = visible_overlap(conn, caller.principal, partner_id, OverlapFilter(category))
        partner = partner_names(conn, {partner_id})[partner_id]
    return {"partner": partner, "sharing_level": plain(view.level),
            "counts": None if view.counts is None else {c.value: n for c, n in view.counts.items()},
            "accounts": None if view.rows is None else plain(view.rows.to_dicts()),
            "awaiting_review": view.awaiting_review}  # fmt: skip


def partner_money(engine: Engine, caller: Caller, partner_id: int) -> dict[str, Any]:
    """Commissions at a glance, the MDF balance per currency and the MDF requests of one partner."""
    principal = caller.principal
    today = datetime.now(UTC).date()
    with engine.connect() as conn:
        commissions = partner_commissions(conn, commission_partner(principal, partner_id), date.today())
        balance = mdf.partner_mdf_balance(conn, partner_id, today)
        requests = mdf_requests.list_requests(conn, principal, None, partner_id)
        partner = partner_names(conn, {partner_id})[partner_id]
    return {"partner": partner, "commissions": plain(commissions), "mdf_balance": plain(balance),
            "mdf_requests": plain(requests)}  # fmt: skip
