"""The attribution PartnerOps writes back per deal, from the latest attribution run: the deal's tier, its sourcing
partner(s), every partner involved, and a link to the explanation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import Connection, select

from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.domain.enums import Tier
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import attribution_results, opportunities, partners

# How a tier reads in the CRM: the words of the product's vocabulary.
TIER_WORDS = {Tier.SOURCED: "sourced", Tier.CO_SELL: "co-sell", Tier.INFLUENCE: "influence", Tier.DIRECT: "direct"}


@dataclass(frozen=True)
class DealAttribution:
    tier: str
    sourcing_partner: str | None
    partners: str | None
    explanation: str

    def value(self, name: str) -> str | None:
        text: str | None = getattr(self, name)
        return text


def deal_attributions(conn: Connection, source_system: str, base_url: str) -> dict[str, DealAttribution]:
    """Per live deal of `source_system` (by its CRM id), what the latest attribution run says of it."""
    run = find_run(conn)
    o, r, p = opportunities.c, attribution_results.c, partners.c
    deals = conn.execute(select(o.id, o.external_id).where(o.source_system == source_system,
                                                           live_opportunity())).all()
    results = conn.execute(
        select(r.opportunity_id, r.tier, p.name)
        .join(partners, partners.c.id == r.partner_id)
        .join(opportunities, opportunities.c.id == r.opportunity_id)
        .where(r.run_id == run.id, o.source_system == source_system, live_opportunity(), live_partner())
    ).all()
    by_deal: dict[int, list[tuple[Tier, str]]] = defaultdict(list)
    for deal_id, tier, name in results:
        by_deal[deal_id].append((Tier(tier), name))
    # The deal's page, which explains its attribution, named as users name it (SYSTEM:ID is never ambiguous).
    page = f"{base_url.rstrip('/')}/opportunities/{{}}"
    return {external_id: _attribution(by_deal.get(deal_id, []), page.format(quote(f"{source_system}:{external_id}",
                                                                                   safe="")))
            for deal_id, external_id in deals}  # fmt: skip


def _attribution(tiers: list[tuple[Tier, str]], link: str) -> DealAttribution:
    best = max((tier for tier, _ in tiers), key=lambda t: t.rank, default=Tier.DIRECT)
    sourcing = sorted({name for tier, name in tiers if tier is Tier.SOURCED})
    involved = sorted({name for _, name in tiers})
    return DealAttribution(TIER_WORDS[best], "; ".join(sourcing) or None, "; ".join(involved) or None, link)
