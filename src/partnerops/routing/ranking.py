"""Ranking partners for a lead. Each of four parts is a share in [0, 1] with a reason in words: capability (the
share of the lead's needed capabilities the partner has; 1 when it needs none), region (1 when the partner covers
the region of the lead's account), tier (its tier's rank, lowest 0 to highest 1) and capacity (the share of its
capacity still free). The score is their weighted sum under the routing rules. A partner at capacity, or one that
declined the lead or let its offer expire, is ranked but not eligible: routing offers the best eligible one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from partnerops.program.program_settings import ProgramSettings, load_program_settings
from partnerops.routing.capacity import open_deals
from partnerops.routing.leads import Lead, lead_row
from partnerops.routing.profiles import RoutedPartner, routed_partners
from partnerops.routing.rules import RoutingRules
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_leads, routing_offers

__all__ = ["Part", "RankedPartner", "RoutingInputs", "rank_for_lead", "rank_partners", "read_inputs"]

# Offers that mean "not this partner again" for the lead: it said no, or let the SLA pass.
TURNED_DOWN = (OfferStatus.DECLINED.value, OfferStatus.EXPIRED.value)


@dataclass(frozen=True)
class Part:
    name: str
    share: float
    reason: str


@dataclass(frozen=True)
class RankedPartner:
    rank: int
    partner: RoutedPartner
    score: float
    eligible: bool
    parts: tuple[Part, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(p.reason for p in self.parts)


@dataclass(frozen=True)
class RoutingInputs:
    """What a ranking reads from the store once, for one lead or many."""

    partners: list[RoutedPartner]
    load: dict[int, int]
    program: ProgramSettings
    turned_down: dict[str, set[int]]


def read_inputs(conn: Connection) -> RoutingInputs:
    f, r = routing_offers.c, routing_leads.c
    refused: dict[str, set[int]] = {}
    for key, partner_id in conn.execute(select(r.lead_key, f.partner_id).join_from(
            routing_offers, routing_leads, r.id == f.lead_id).where(f.status.in_(TURNED_DOWN))):  # fmt: skip
        refused.setdefault(str(key), set()).add(int(partner_id))
    return RoutingInputs(routed_partners(conn), open_deals(conn), load_program_settings(), refused)


def rank_for_lead(conn: Connection, lead: Lead, rules: RoutingRules,
                  needs: Sequence[str] | None = None) -> list[RankedPartner]:  # fmt: skip
    """Every live partner ranked for `lead`, best first; `needs` over the capabilities stored for the lead."""
    stored = lead_row(conn, lead)
    wanted = tuple(needs) if needs is not None else (stored.needs if stored else ())
    return rank_partners(read_inputs(conn), lead, wanted, rules)


def rank_partners(inputs: RoutingInputs, lead: Lead, needs: Sequence[str],
                  rules: RoutingRules) -> list[RankedPartner]:  # fmt: skip
    weights = rules.weights.as_dict()
    scored = []
    for partner in inputs.partners:
        capacity = rules.capacity_of(partner.external_id, partner.profile.capacity)
        load = inputs.load.get(partner.id, 0)
        parts = (_capability(partner, needs), _region(partner, lead), _tier(partner, inputs.program),
                 _capacity(load, capacity))  # fmt: skip
        score = round(sum(weights[p.name] * p.share for p in parts), 4)
        eligible = load < capacity and partner.id not in inputs.turned_down.get(lead.key, set())
        scored.append((partner, score, eligible, parts))
    scored.sort(key=lambda s: (not s[2], -s[1], s[0].external_id))
    return [RankedPartner(i, p, score, eligible, parts) for i, (p, score, eligible, parts) in enumerate(scored, 1)]


def _capability(partner: RoutedPartner, needs: Sequence[str]) -> Part:
    if not needs:
        return Part("capability", 1.0, "capability: the lead needs no particular capability")
    has = [n for n in needs if n in partner.profile.capabilities]
    missing = [n for n in needs if n not in has]
    said = f"has {', '.join(has)}" if has else "has none of them"
    lacks = f"; lacks {', '.join(missing)}" if has and missing else ""
    return Part("capability", len(has) / len(needs), f"capability: {len(has)} of the {len(needs)} needed "
                                                     f"({said}{lacks})")  # fmt: skip


def _region(partner: RoutedPartner, lead: Lead) -> Part:
    if not lead.region:
        return Part("region", 0.0, "region: the lead's account has no region")
    if not partner.profile.regions:
        return Part("region", 0.0, f"region: covers no region set; the lead is in {lead.region}")
    covered = lead.region.lower() in partner.profile.regions
    return Part("region", 1.0 if covered else 0.0, f"region: {'covers' if covered else 'does not cover'} "
                                                    f"{lead.region} (covers {', '.join(partner.profile.regions)})")


def _tier(partner: RoutedPartner, program: ProgramSettings) -> Part:
    names = [level.name for level in program.tiers.levels]
    level = program.level(partner.tier)
    if level is None:
        return Part("tier", 0.0, f"tier: {partner.tier or 'none'} is not one of the program's tiers")
    share = level / (len(names) - 1) if len(names) > 1 else 1.0
    return Part("tier", share, f"tier: {partner.tier}, {level + 1} of {len(names)} from the lowest")


def _capacity(load: int, capacity: int) -> Part:
    free = max(capacity - load, 0)
    share = free / capacity if capacity else 0.0
    full = " (at capacity: not offered leads)" if free == 0 else ""
    return Part("capacity", share, f"capacity: {load} of {capacity} open deals{full}")
