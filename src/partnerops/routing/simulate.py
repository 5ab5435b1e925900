"""What-if: which partner each open lead would go to under other routing rules (weights, default capacity,
capacities per partner) against the current ones. Leads are routed in the order they were opened, each to the best
eligible partner, and each assignment counts against that partner's capacity for the leads after it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Connection, select

from partnerops.domain.enums import Outcome
from partnerops.routing.leads import Lead, lead_of_row, tags
from partnerops.routing.ranking import RankedPartner, RoutingInputs, rank_partners, read_inputs
from partnerops.routing.rules import RoutingRules
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_leads, routing_offers
from partnerops.store.tables import opportunities

__all__ = ["Routed", "Simulation", "open_routing_leads", "simulate"]


@dataclass(frozen=True)
class Routed:
    lead: Lead
    baseline: RankedPartner | None
    candidate: RankedPartner | None

    @property
    def changed(self) -> bool:
        return _ref(self.baseline) != _ref(self.candidate)


@dataclass(frozen=True)
class Simulation:
    baseline_version: str
    candidate_version: str
    routed: list[Routed]

    @property
    def changed(self) -> list[Routed]:
        return [r for r in self.routed if r.changed]


def _ref(ranked: RankedPartner | None) -> str | None:
    return None if ranked is None else ranked.partner.external_id


def open_routing_leads(conn: Connection) -> list[tuple[Lead, tuple[str, ...]]]:
    """Leads being routed that no partner has taken (and whose deal is still open), oldest first, with needs."""
    r, f, o = routing_leads.c, routing_offers.c, opportunities.c
    taken = select(f.lead_id).where(f.status == OfferStatus.ACCEPTED.value)
    rows = conn.execute(select(r.id, r.needs).outerjoin(opportunities, o.id == r.opportunity_id)
                        .where(r.id.not_in(taken), (r.opportunity_id.is_(None)) | (o.outcome == Outcome.OPEN.value))
                        .order_by(r.created_at, r.id)).all()  # fmt: skip
    return [(lead_of_row(conn, int(row.id)), tags(row.needs)) for row in rows]


def simulate(conn: Connection, baseline: RoutingRules, candidate: RoutingRules) -> Simulation:
    """Every open lead routed under both rules."""
    leads, inputs = open_routing_leads(conn), read_inputs(conn)
    before, after = _route(inputs, leads, baseline), _route(inputs, leads, candidate)
    routed = [Routed(lead, b, a) for (lead, _), b, a in zip(leads, before, after, strict=True)]
    return Simulation(baseline.version, candidate.version, routed)


def _route(inputs: RoutingInputs, leads: list[tuple[Lead, tuple[str, ...]]],
           rules: RoutingRules) -> list[RankedPartner | None]:  # fmt: skip
    load = dict(inputs.load)
    chosen: list[RankedPartner | None] = []
    for lead, needs in leads:
        ranked = rank_partners(replace(inputs, load=load), lead, needs, rules)
        best = next((r for r in ranked if r.eligible), None)
        if best is not None:
            load = load | {best.partner.id: load.get(best.partner.id, 0) + 1}
        chosen.append(best)
    return chosen
